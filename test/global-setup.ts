import type { TestProject } from 'vitest/node';
import { startElasticsearch } from '../scripts/elasticsearch.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    elasticsearchUrl: string;
  }
}

/** Start the project's own Elasticsearch once per test run (or use ELASTICSEARCH_URL). */
export default async function setup(project: TestProject) {
  let url = process.env.ELASTICSEARCH_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const es = await startElasticsearch({ heapMb: 768 });
    url = es.url;
    stop = es.stop;
  }
  project.provide('elasticsearchUrl', url);
  return async () => {
    await stop?.();
  };
}

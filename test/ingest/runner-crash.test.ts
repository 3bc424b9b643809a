import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StateStore } from '../../index/state.ts';
import { cutProxy } from '../helpers/cut-proxy.ts';
import type { Cursor, Source } from '../../ingest/collector.ts';
import { runSource } from '../../ingest/runner.ts';
import type { SourceHealth } from '../../ingest/commit.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
beforeAll(async () => {
  env = await testPipeline({ sources: [{ type: 'import', name: 'paged', path: 'unused.jsonl', retries: 0 }] });
});
afterAll(() => env.cleanup());

/** Five pages of 100 mentions; `hangAt` makes that page's fetch wait for `release` (the process dies meanwhile). */
function pagedSource(hangAt?: number, reached?: () => void, release?: Promise<never>): Source {
  return {
    async fetchPage(cursor: Cursor | undefined) {
      const page = Number(cursor?.page ?? 0) + 1;
      if (page === hangAt) {
        reached?.();
        return release!;
      }
      const mentions = Array.from({ length: 100 }, (_, i) => mention({ nativeId: `c${page}-${i}` }));
      return { mentions, problems: [], cursor: { page }, done: page === 5 };
    },
  };
}

describe('health accounting across a crash', () => {
  it('counts every indexed page with its cursor, so a run that dies mid-way is still counted', async () => {
    const config = env.pipeline.config.sources[0]!;
    let reached!: () => void;
    let release!: (error: Error) => void;
    const atPage3 = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<never>((_, reject) => (release = reject));
    // The first run dies while fetching page 3: its connection to the cluster is cut, so
    // nothing after that point is ever written (as after kill -9).
    const proxy = await cutProxy(elasticsearchUrl());
    const doomed = new Client({ node: proxy.url, maxRetries: 0 });
    const first = runSource({ ...env.pipeline, client: doomed, state: new StateStore(doomed, env.names) }, config, pagedSource(3, reached, released));
    await atPage3;
    // Pages 1 and 2 are indexed while page 3 is fetched; with nothing else in flight their
    // cursor and count are committed within a second (commits are batched, not per page).
    await vi.waitFor(async () => expect(await env.pipeline.state.get('cursor', 'paged')).toEqual({ page: 2 }), { timeout: 10_000, interval: 100 });
    await proxy.cut();
    release(new Error('killed'));
    expect((await first).error).toBe('killed');
    await doomed.close();
    expect(await env.pipeline.state.get('cursor', 'paged')).toEqual({ page: 2 });
    expect((await env.pipeline.state.get<SourceHealth>('health', 'paged'))!.collected).toBe(200);

    const result = await runSource(env.pipeline, config, pagedSource());
    expect([result.pages, result.indexed]).toEqual([3, 300]);
    const stored = (await env.client.count({ index: env.names.alias('mentions'), query: { term: { source: 'test' } } })).count;
    expect(stored).toBe(500);
    expect((await env.pipeline.state.get<SourceHealth>('health', 'paged'))).toMatchObject({ collected: 500, lastSuccessAt: expect.any(String) });
  });
});

import { Client } from '@elastic/elasticsearch';
import type { Config } from '../config/schema.ts';
import { readLocalElasticsearch } from '../scripts/elasticsearch.ts';
import { registerSecret } from '../log/logger.ts';

/**
 * Where Elasticsearch is, in order: `elasticsearch.url` in the config, the
 * `ELASTICSEARCH_URL` environment variable, then the local server `rykte es start` runs.
 */
export async function resolveElasticsearchUrl(config: Pick<Config, 'elasticsearch'>): Promise<string | undefined> {
  return config.elasticsearch.url ?? (process.env.ELASTICSEARCH_URL || undefined) ?? (await readLocalElasticsearch())?.url;
}

export async function createClient(config: Pick<Config, 'elasticsearch'>): Promise<Client> {
  const url = await resolveElasticsearchUrl(config);
  if (!url) {
    throw new Error(
      'elasticsearch: no cluster configured: set elasticsearch.url in rykte.yml or ELASTICSEARCH_URL, or start a local one with `rykte es start`',
    );
  }
  const { apiKey, username, password } = config.elasticsearch;
  for (const secret of [apiKey, password]) registerSecret(secret);
  const auth = apiKey ? { apiKey } : username && password ? { username, password } : undefined;
  return new Client({ node: url, auth, requestTimeout: 30_000, maxRetries: 3 });
}

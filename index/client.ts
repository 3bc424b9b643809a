import { Client } from '@elastic/elasticsearch';
import type { Config } from '../config/schema.ts';
import { readLocalElasticsearch } from '../scripts/elasticsearch.ts';
import { registerSecret } from '../log/logger.ts';
import { explainElasticsearchError } from './connect.ts';
import { tlsOptions } from './tls.ts';

/**
 * Where Elasticsearch is, in order: `elasticsearch.url` in the config, the
 * `ELASTICSEARCH_URL` environment variable, then the local server `rykte es start` runs.
 */
export async function resolveElasticsearchUrl(config: Pick<Config, 'elasticsearch'>): Promise<string | undefined> {
  return config.elasticsearch.url ?? (process.env.ELASTICSEARCH_URL || undefined) ?? (await readLocalElasticsearch())?.url;
}

/**
 * The nodes to talk to: `elasticsearch.nodes`, else `url`, else `ELASTICSEARCH_URL` (one URL or
 * several, comma-separated), else the local server. Empty when none is known.
 */
export async function resolveElasticsearchNodes(config: Pick<Config, 'elasticsearch'>): Promise<string[]> {
  if (config.elasticsearch.nodes) return config.elasticsearch.nodes;
  const url = await resolveElasticsearchUrl(config);
  return url ? url.split(',').map((u) => u.trim()).filter(Boolean) : [];
}

export async function createClient(config: Pick<Config, 'elasticsearch'> & { baseDir?: string }): Promise<Client> {
  const { cloudId } = config.elasticsearch;
  const nodes = cloudId ? [] : await resolveElasticsearchNodes(config);
  if (!cloudId && nodes.length === 0) {
    throw new Error(
      'elasticsearch: no cluster configured: set elasticsearch.url in rykte.yml or ELASTICSEARCH_URL, or start a local one with `rykte es start`',
    );
  }
  const { apiKey, username, password } = config.elasticsearch;
  for (const secret of [apiKey, password]) registerSecret(secret);
  const auth = apiKey ? { apiKey } : username && password ? { username, password } : undefined;
  // With several nodes the client retries a failed request on another one (up to maxRetries)
  // and leaves a failing node out until it answers again. Retried writes are safe for mentions,
  // stories and state: their ids are deterministic, so a retry overwrites, never duplicates.
  const where = cloudId ? { cloud: { id: cloudId } } : { nodes };
  const client = new Client({ ...where, auth, requestTimeout: 30_000, maxRetries: 3, ...(await tlsOptions(config.elasticsearch.tls, config.baseDir)) });
  // A wrong password or a missing privilege reads as such wherever the error ends up.
  client.diagnostic.on('response', (error) => {
    const explained = explainElasticsearchError(error);
    if (explained && error) error.message = explained;
  });
  return client;
}

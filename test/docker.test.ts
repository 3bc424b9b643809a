import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.ts';
import { elasticsearchUrl } from './helpers/elasticsearch.ts';

/** docker-compose.yml is not run here (no Docker); what can be checked without it is. */
const root = join(import.meta.dirname, '..');

describe('docker-compose.yml', () => {
  it('runs Elasticsearch and Kibana of one 9.x version, the major the tests run against, with security on', async () => {
    const compose = parse(await readFile(join(root, 'docker-compose.yml'), 'utf8'));
    const es = compose.services.elasticsearch.image.split(':')[1];
    expect(compose.services.kibana.image.split(':')[1]).toBe(es);
    const client = new Client({ node: elasticsearchUrl() });
    const tested = Object.values((await client.nodes.info({ filter_path: 'nodes.*.version' })).nodes)[0]!.version;
    await client.close();
    expect(es.split('.')[0]).toBe(tested.split('.')[0]);
    expect(compose.services.elasticsearch.environment).toContain('xpack.security.enabled=true');
  });

  it('gives rykte a config that validates, with its own API key from the environment', async () => {
    const raw = parse(await readFile(join(root, 'docker', 'rykte.yml'), 'utf8'));
    const config = parseConfig(raw, join(root, 'docker', 'rykte.yml'), { ELASTICSEARCH_API_KEY: 'a2V5OnNlY3JldA==' });
    expect([config.elasticsearch.url, config.elasticsearch.apiKey, config.serve.host]).toEqual(['http://elasticsearch:9200', 'a2V5OnNlY3JldA==', '0.0.0.0']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.ts';
import { createClient, resolveElasticsearchNodes } from '../../index/client.ts';
import { freePort } from '../../scripts/elasticsearch.ts';
import { elasticsearchUrl } from '../helpers/elasticsearch.ts';

const config = (elasticsearch: Record<string, unknown>) => parseConfig({ elasticsearch }, 'rykte.yml');

describe('the Elasticsearch client with several nodes', () => {
  it('answers through the live node when another listed node refuses connections', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const client = await createClient(config({ nodes: [dead, elasticsearchUrl()] }));
    try {
      // Round robin starts anywhere: enough requests that the dead node is tried and skipped.
      const answers = await Promise.all(Array.from({ length: 6 }, () => client.cluster.health()));
      expect(answers.map((a) => typeof a.cluster_name)).toEqual(Array(6).fill('string'));
    } finally {
      await client.close();
    }
  });

  it('takes the nodes from `nodes`, else `url`, else a comma-separated ELASTICSEARCH_URL', async () => {
    expect(await resolveElasticsearchNodes(config({ nodes: ['http://a:9200', 'http://b:9200'], url: 'http://c:9200' }))).toEqual(['http://a:9200', 'http://b:9200']);
    expect(await resolveElasticsearchNodes(config({ url: 'http://c:9200' }))).toEqual(['http://c:9200']);
    const saved = process.env.ELASTICSEARCH_URL;
    process.env.ELASTICSEARCH_URL = 'http://a:9200, http://b:9200';
    try {
      expect(await resolveElasticsearchNodes(config({}))).toEqual(['http://a:9200', 'http://b:9200']);
    } finally {
      process.env.ELASTICSEARCH_URL = saved;
    }
  });

  it('rejects a node list that is empty or holds something other than URLs', () => {
    expect(() => config({ nodes: [] })).toThrow(/elasticsearch\.nodes: Too small/);
    expect(() => config({ nodes: ['not a url'] })).toThrow(/elasticsearch\.nodes\[0\]: Invalid URL/);
  });
});

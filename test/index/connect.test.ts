import { Client } from '@elastic/elasticsearch';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForElasticsearch } from '../../index/connect.ts';
import { cutProxy } from '../helpers/cut-proxy.ts';
import { elasticsearchUrl } from '../helpers/elasticsearch.ts';
import { logLines } from '../setup.ts';

const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('waiting for Elasticsearch', () => {
  it('waits with growing backoff while the cluster is unreachable, logging each try, then goes on', async () => {
    const proxy = await cutProxy(elasticsearchUrl(), { open: false });
    const client = new Client({ node: proxy.url });
    closers.push(proxy.close, () => client.close());
    const waits: number[] = [];
    await waitForElasticsearch(client, {
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 4) await proxy.restore();
      },
    });
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    const logged = logLines.filter((l) => l.event?.startsWith('elasticsearch.'));
    expect(logged.map((l) => [l.event, l.attempt ?? l.attempts, l.waitMs])).toEqual([
      ['elasticsearch.waiting', 1, 1000],
      ['elasticsearch.waiting', 2, 2000],
      ['elasticsearch.waiting', 3, 4000],
      ['elasticsearch.waiting', 4, 8000],
      ['elasticsearch.reached', 5, undefined],
    ]);
    expect(logged[0]!.msg).toMatch(/^elasticsearch: not reachable \(.*ECONNREFUSED.*\); try 2 in 1 s$/);
  });

  it('caps the wait and stops waiting when told to', async () => {
    const proxy = await cutProxy(elasticsearchUrl(), { open: false });
    const client = new Client({ node: proxy.url });
    closers.push(proxy.close, () => client.close());
    const stop = new AbortController();
    const waits: number[] = [];
    const waiting = waitForElasticsearch(client, {
      signal: stop.signal,
      maxWaitMs: 5000,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 5) stop.abort();
      },
    });
    await expect(waiting).rejects.toThrow('elasticsearch: stopped while waiting for the cluster');
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

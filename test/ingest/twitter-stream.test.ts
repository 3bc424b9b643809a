import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Page, Source } from '../../ingest/collector.ts';
import { twitterCollector, type TwitterCursor } from '../../ingest/twitter.ts';
import { planRules, reconnectDelayMs } from '../../ingest/twitter-stream.ts';
import { logger } from '../../log/logger.ts';
import { xFixture, xServer, type Tweet } from '../helpers/x-server.ts';
import { logLines } from '../setup.ts';
import { runSource } from '../../ingest/runner.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';

const nyc = xFixture('search_tweets_for_nyc.json');
const rules = xFixture('get_rules.json');
const now = () => new Date('2020-06-25T12:00:00Z');
// Each test's stream spool lives in a folder of its own.
let spoolBase = '';
beforeEach(async () => {
  spoolBase = await mkdtemp(join(tmpdir(), 'rykte-stream-'));
});
const signal = new AbortController().signal;
const tweet = (id: string, text: string): Tweet => ({ id, created_at: '2020-06-25T11:00:00.000Z', author_id: '17200003', text, lang: 'sv' });

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('twitter filtered stream', () => {
  it('plans rule changes for its own tag only', () => {
    const existing = [...rules.data, { id: '7', value: 'old brand query', tag: 'rykte:x-live' }, { id: '8', value: 'fjällvind', tag: 'rykte:x-live' }];
    expect(planRules(existing, ['fjällvind', 'vindjacka'], 'rykte:x-live')).toEqual({ add: ['vindjacka'], deleteIds: ['7'] });
  });

  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3, 10].map((t) => reconnectDelayMs(t, 1, 60, () => 1))).toEqual([1000, 2000, 4000, 60_000]);
    expect(reconnectDelayMs(3, 1, 60, () => 0)).toBe(2000);
  });

  it('syncs rules, backfills, drains the stream, and after a drop backfills the gap by search', async () => {
    const x = await xServer({ tweets: nyc.data, reset: () => 1593090000 });
    x.state.rules.push(...rules.data, { id: '99', value: 'stale query', tag: 'rykte:x-live' });
    const config = twitterCollector.configSchema.parse({ type: 'twitter', name: 'x-live', bearerToken: 'tok-stream-123456', queries: ['fjällvind'], baseUrl: `${x.url}/2/`, stream: true, streamReconnectSecs: 0.01 });
    const source: Source = twitterCollector.create(config, { baseDir: spoolBase, log: logger, now });
    cleanup.push(() => source.close!(), () => x.close());

    let cursor: TwitterCursor | undefined;
    const fetch = async () => {
      const page: Page = await source.fetchPage(cursor, signal);
      cursor = page.cursor as TwitterCursor;
      return page;
    };
    const backfill = await fetch();
    expect([backfill.mentions.length, backfill.done]).toEqual([10, false]);
    expect(x.state.rules.map((r) => [r.value, r.tag ?? null])).toEqual([['dog has:images', 'dog pictures'], ['cat has:images -grumpy', null], ['fjällvind', 'rykte:x-live']]);
    expect(x.state.streams.size).toBe(1);
    expect(await fetch()).toMatchObject({ mentions: [], done: true });

    x.push(tweet('1276000000000000001', 'live A'));
    const drained: string[] = [];
    await vi.waitFor(async () => {
      drained.push(...(await fetch()).mentions.map((m) => m.nativeId));
      expect(drained).toEqual(['1276000000000000001']);
    });
    expect(cursor!.queries['fjällvind']).toEqual({ sinceId: '1276000000000000001' });

    // The connection drops; a tweet posted meanwhile reaches only the search API.
    x.dropStreams();
    x.state.tweets.push(tweet('1276000000000000002', 'posted in the gap'));
    await vi.waitFor(() => expect(logLines.some((l) => l.event === 'ingest.stream_reconnected' && l.source === 'x-live')).toBe(true));
    await vi.waitFor(() => expect(x.state.streams.size).toBe(1));
    const gap = await fetch();
    expect(gap.mentions.map((m) => m.nativeId)).toEqual(['1276000000000000002']);
    expect(x.searches().at(-1)!.since_id).toBe('1276000000000000001');

    x.push(tweet('1276000000000000003', 'live B'));
    const after: string[] = [];
    await vi.waitFor(async () => {
      after.push(...(await fetch()).mentions.map((m) => m.nativeId));
      expect(after).toEqual(['1276000000000000003']);
    });
    expect(cursor!.queries['fjällvind']).toEqual({ sinceId: '1276000000000000003' });
  });

  it('under the runner: buffered tweets are indexed by the next run, and a crash loses nothing (the restart backfills)', async () => {
    const env = await testPipeline();
    const x = await xServer({ tweets: nyc.data, reset: () => 1593090000 });
    const raw = { type: 'twitter', name: 'x-crash', bearerToken: 'tok-stream-123456', queries: ['fjällvind'], baseUrl: `${x.url}/2/`, stream: true, streamReconnectSecs: 0.01 };
    const config = twitterCollector.configSchema.parse(raw);
    const pipeline = { ...env.pipeline, now };
    let source = twitterCollector.create(config, { baseDir: spoolBase, log: logger, now });
    cleanup.push(() => x.close(), () => env.cleanup());
    const ids = async () => (await env.client.search({ index: env.names.alias('mentions'), size: 100, _source: false })).hits.hits.map((h) => h._id).sort();

    expect((await runSource(pipeline, config, source)).indexed).toBe(10);
    const live = [tweet('1276000000000000011', 'live 1'), tweet('1276000000000000012', 'live 2')];
    for (const t of live) {
      x.state.tweets.push(t); // the stream and the search see the same tweets
      x.push(t);
    }
    await vi.waitFor(async () => {
      await runSource(pipeline, config, source);
      expect(await ids()).toEqual(expect.arrayContaining(['x:1276000000000000011', 'x:1276000000000000012']));
    });

    // Two more arrive in the buffer, then the process dies before a run drains them.
    const lost = [tweet('1276000000000000013', 'live 3'), tweet('1276000000000000014', 'live 4')];
    for (const t of lost) {
      x.state.tweets.push(t);
      x.push(t);
    }
    await vi.waitFor(() => expect(x.state.streams.size).toBe(1));
    await source.close!(); // what a crash leaves: no drain, no cursor commit
    source = twitterCollector.create(config, { baseDir: spoolBase, log: logger, now });
    cleanup.unshift(() => source.close!());
    const restarted = await runSource(pipeline, config, source);
    expect(restarted.indexed).toBe(2);
    expect(await ids()).toEqual([...nyc.data, ...live, ...lost].map((t: Tweet) => `x:${t.id}`).sort());
    expect(await env.pipeline.state.get('cursor', 'x-crash')).toMatchObject({ queries: { fjällvind: { sinceId: '1276000000000000014' } }, round: [] });
  });
});

import { readdir, readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Source } from '../../ingest/collector.ts';
import { runSource } from '../../ingest/runner.ts';
import type { Pipeline } from '../../ingest/pipeline.ts';
import { twitterCollector } from '../../ingest/twitter.ts';
import { markErased } from '../../index/erased.ts';
import { StateStore } from '../../index/state.ts';
import { logger } from '../../log/logger.ts';
import { cutProxy } from '../helpers/cut-proxy.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';
import { mintId, xServer, type Tweet } from '../helpers/x-server.ts';
import { logLines } from '../setup.ts';

const now = () => new Date('2020-06-25T12:00:00Z');
let seq = 0;
const tweet = (text: string): Tweet => ({ id: mintId(new Date('2020-06-25T11:00:00Z'), ++seq), created_at: '2020-06-25T11:00:00.000Z', author_id: '17200003', text, lang: 'sv' });

let cleanup: (() => Promise<unknown>)[] = [];
/** Runs of the source until the stream's posts arrive: each try indexes and commits. */
const wait = { timeout: 15_000, interval: 100 };
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A pipeline whose every Elasticsearch request goes through a proxy the test can cut. */
async function setup(extra: Record<string, unknown> = {}) {
  const env = await testPipeline();
  const proxy = await cutProxy(elasticsearchUrl());
  const client = new Client({ node: proxy.url, maxRetries: 0, requestTimeout: 5000 });
  // No refresh per page (as under `rykte run`): the first, empty page has no index to refresh yet.
  const pipeline: Pipeline = { ...env.pipeline, client, state: new StateStore(client, env.names), now, refresh: false };
  const x = await xServer({ tweets: [], reset: () => 1593090000 });
  const dir = await mkdtemp(join(tmpdir(), 'rykte-spool-'));
  const config = twitterCollector.configSchema.parse({ type: 'twitter', name: 'x-spool', bearerToken: 'tok-spool-123456', queries: ['fjällvind'], baseUrl: `${x.url}/2/`, stream: true, streamReconnectSecs: 0.01, retries: 0, ...extra });
  const sources: Source[] = [];
  const start = () => {
    const source = twitterCollector.create(config, { baseDir: dir, log: logger, now });
    sources.push(source);
    return source;
  };
  cleanup.push(() => env.cleanup(), () => client.close(), () => proxy.close(), () => x.close(), async () => {
    for (const s of sources) await s.close!().catch(() => {});
  });
  const indexed = async () => (await env.client.indices.refresh({ index: env.names.alias('mentions'), allow_no_indices: true, ignore_unavailable: true }), await env.client.search({ index: env.names.alias('mentions'), size: 1000, _source: false })).hits.hits.map((h) => h._id!).sort();
  const spooled = async () => {
    const files = (await readdir(join(dir, 'rykte-spool'))).sort();
    const lines = await Promise.all(files.map(async (f) => (await readFile(join(dir, 'rykte-spool', f), 'utf8')).split('\n').filter(Boolean)));
    return { files, lines: lines.flat().length };
  };
  return { env, proxy, pipeline, x, config, start, indexed, spooled };
}

describe('the X stream spool', () => {
  it('keeps streamed posts on disk while Elasticsearch is unreachable, across a restart, and indexes each once', async () => {
    const { proxy, pipeline, x, config, start, indexed, spooled } = await setup();
    let source = start();
    expect((await runSource(pipeline, config, source)).error).toBeUndefined();
    await vi.waitFor(() => expect(x.state.streams.size).toBe(1));

    const live = [tweet('före avbrottet')];
    x.push(live[0]!);
    await vi.waitFor(async () => {
      await runSource(pipeline, config, source);
      expect(await indexed()).toEqual([`x:${live[0]!.id}`]);
    }, wait);

    // Elasticsearch goes away; posts keep streaming in. They reach only the stream, never search.
    await proxy.cut();
    const during = [tweet('under avbrottet 1'), tweet('under avbrottet 2'), tweet('under avbrottet 3')];
    for (const t of during) x.push(t);
    await vi.waitFor(async () => expect((await spooled()).lines).toBe(4), wait);
    expect(await runSource(pipeline, config, source)).toMatchObject({ errorType: 'state', error: expect.stringMatching(/^cannot read the stored cursor: .*ECONNREFUSED/) });

    // rykte restarts while the cluster is still down: the spool is on disk, not in memory.
    await source.close!();
    source = start();
    expect(await runSource(pipeline, config, source)).toMatchObject({ errorType: 'state', error: expect.stringMatching(/^cannot read the stored cursor: .*ECONNREFUSED/) });

    await proxy.restore();
    const back = await runSource(pipeline, config, source);
    expect(back.error).toBeUndefined();
    expect(await indexed()).toEqual([...live, ...during].map((t) => `x:${t.id}`).sort());
    await vi.waitFor(() => expect(x.state.streams.size).toBe(1));
    const after = tweet('efter avbrottet');
    x.push(after);
    await vi.waitFor(async () => {
      await runSource(pipeline, config, source);
      expect(await indexed()).toEqual([...live, ...during, after].map((t) => `x:${t.id}`).sort());
    }, wait);
    // Once committed, drained segments are deleted: only the one being written remains.
    await runSource(pipeline, config, source);
    expect((await spooled()).files).toHaveLength(1);
    expect((await spooled()).lines).toBe(0);
  });

  it("leaves out a spooled post whose author was erased while it waited", async () => {
    const { proxy, pipeline, x, config, start, indexed, spooled, env } = await setup();
    const source = start();
    await runSource(pipeline, config, source);
    await vi.waitFor(() => expect(x.state.streams.size).toBe(1));
    await proxy.cut();
    const erased = tweet('av en som glöms');
    const kept = { ...tweet('av någon annan'), author_id: '17200009' };
    for (const t of [erased, kept]) x.push(t);
    await vi.waitFor(async () => expect((await spooled()).lines).toBe(2), wait);
    // `rykte forget --author x:17200003` while the posts wait in the spool.
    await markErased(env.pipeline.state, 'x:17200003', now());
    await proxy.restore();
    const run = await runSource(pipeline, config, source);
    expect([run.error, run.indexed, run.erased]).toEqual([undefined, 1, 1]);
    expect(await indexed()).toEqual([`x:${kept.id}`]);
  });

  it('when full, refuses newer posts loudly and leaves them to the search backfill', async () => {
    const { proxy, pipeline, x, config, start, indexed, env } = await setup({ spoolMaxMB: 0.001 });
    const source = start();
    await runSource(pipeline, config, source);
    await vi.waitFor(() => expect(x.state.streams.size).toBe(1));
    await proxy.cut();
    const posts = Array.from({ length: 10 }, (_, i) => tweet(`post ${i}`));
    for (const t of posts) {
      x.state.tweets.push(t); // still inside the 7-day search window
      x.push(t);
    }
    await vi.waitFor(() => expect(logLines.some((l) => l.event === 'ingest.spool_full' && l.source === 'x-spool')).toBe(true), wait);
    await proxy.restore();
    await vi.waitFor(async () => {
      await runSource(pipeline, config, source);
      expect(await indexed()).toEqual(posts.map((t) => `x:${t.id}`).sort());
    }, wait);
    const problems = await env.client.search({ index: env.names.alias('errors'), query: { term: { errorType: 'spool_full' } } });
    expect(problems.hits.hits.map((h) => (h._source as { message: string }).message)).toEqual([
      expect.stringMatching(/^stream spool: full \(1048 bytes in .*\); \d+ posts were not kept \(the search backfill fetches those still inside X's 7-day window\)$/),
    ]);
  });
});

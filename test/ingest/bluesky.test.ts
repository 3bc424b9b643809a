import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, RateLimitedError, type Cursor } from '../../ingest/collector.ts';
import { blueskyCollector, blueskyConfig, sortAt } from '../../ingest/bluesky.ts';
import { json, loopback } from '../helpers/loopback.ts';
import { drain } from '../helpers/pages.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { createSource, runSource } from '../../ingest/runner.ts';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/bluesky', name), 'utf8'));
const fixturePosts: any[] = fixture('search-fjallvind.json').posts;
const now = new Date('2026-11-23T12:00:00Z');
const ctx = { baseDir: '.', log: pino({ level: 'silent' }), now: () => now };

/** A later post, built from the newest fixture post. */
const later = (rkey: string, createdAt: string) => ({
  ...fixturePosts[0],
  uri: `at://did:plc:erik7ts2l5ylqzv3kwdhx2pn/app.bsky.feed.post/${rkey}`,
  record: { ...fixturePosts[0].record, createdAt, text: `Inlägg ${rkey}` },
  indexedAt: createdAt,
});

let posts = [...fixturePosts];
let override: (() => { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number }) | undefined;
let server: Awaited<ReturnType<typeof loopback>>;

beforeAll(async () => {
  // searchPosts as the AppView answers it: since (inclusive, on sortAt), newest first, offset cursor.
  server = await loopback(async (req, res) => {
    const scripted = override?.();
    if (scripted) {
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      return json(res, scripted.status, scripted.body, scripted.headers);
    }
    const url = new URL(req.url, 'http://x');
    if (url.pathname !== '/xrpc/app.bsky.feed.searchPosts') return json(res, 404, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
    if (!url.searchParams.get('q')) return json(res, 400, { error: 'InvalidRequest', message: 'Error: Params must have the property "q"' });
    const q = url.searchParams;
    const limit = Number(q.get('limit') ?? 25);
    const offset = Number(q.get('cursor') ?? 0);
    const matching = posts.filter((p) => !q.get('since') || sortAt(p) >= new Date(q.get('since')!).toISOString()).sort((a, b) => (sortAt(b) > sortAt(a) ? 1 : sortAt(b) < sortAt(a) ? -1 : 0));
    const slice = matching.slice(offset, offset + limit);
    json(res, 200, { ...(offset + limit < matching.length ? { cursor: String(offset + limit) } : {}), hitsTotal: matching.length, posts: slice });
  });
});
afterAll(() => server.close());

const source = (raw: Record<string, unknown> = {}) =>
  blueskyCollector.create(blueskyConfig.parse({ type: 'bluesky', name: 'bsky', service: server.url, query: 'fjällvind OR "vind 3"', lookbackHours: 48, ...raw }), ctx);

const run = (src: ReturnType<typeof source>, cursor?: Cursor) => drain(src, cursor);
const rkeys = (p: { mentions: { nativeId: string }[] }) => p.mentions.map((m) => m.nativeId.split('/').pop());

describe('bluesky collector', () => {
  it('reads post views into mentions: replies, quotes, facets, author', async () => {
    posts = [...fixturePosts];
    const { mentions } = await run(source());
    const by = Object.fromEntries(mentions.map((m) => [m.nativeId.split('/').pop(), m]));
    expect(by['3lbq2gpcxm22a']).toEqual({
      id: 'bluesky:at://did:plc:anna3xq6mkv2wb7n4gq5jzq4/app.bsky.feed.post/3lbq2gpcxm22a',
      platform: 'bluesky',
      source: 'bsky',
      nativeId: 'at://did:plc:anna3xq6mkv2wb7n4gq5jzq4/app.bsky.feed.post/3lbq2gpcxm22a',
      url: 'https://bsky.app/profile/did:plc:anna3xq6mkv2wb7n4gq5jzq4/post/3lbq2gpcxm22a',
      author: { id: 'did:plc:anna3xq6mkv2wb7n4gq5jzq4', handle: 'anna.fjallvind.se', name: 'Anna Lind', followers: 2210, url: 'https://bsky.app/profile/anna.fjallvind.se' },
      text: 'Fjällvind släpper Vind 3 i dag 🎉 fjallvind.se/vind3',
      language: 'sv',
      publishedAt: '2026-11-22T08:00:00.000Z',
      collectedAt: now.toISOString(),
      references: { links: ['https://fjallvind.se/vind3?utm_source=bsky'], mentions: [] },
      enrichment: {},
    });
    expect(by['3lbq2k7aaaa2b']!.references).toEqual({
      replyTo: { id: 'at://did:plc:anna3xq6mkv2wb7n4gq5jzq4/app.bsky.feed.post/3lbq2gpcxm22a', authorId: 'did:plc:anna3xq6mkv2wb7n4gq5jzq4' },
      links: [],
      mentions: ['anna.fjallvind.se'],
    });
    expect(by['3lbq2k7aaaa2b']!.author).toEqual({ id: 'did:plc:erik7ts2l5ylqzv3kwdhx2pn', handle: 'erik.bsky.social', name: 'Erik', url: 'https://bsky.app/profile/erik.bsky.social' });
    expect(by['3lbq3zzzzz22d']!.references.quoteOf).toEqual({ id: 'at://did:plc:news4a2c6e8g0i2k4m6o8q0s/app.bsky.feed.post/3lbq3abcde22c', authorId: 'did:plc:news4a2c6e8g0i2k4m6o8q0s', authorHandle: 'nyheter.example.se' });
    expect(by['3lbq4aaaaa22e']!.references.quoteOf).toEqual({ id: 'at://did:plc:anna3xq6mkv2wb7n4gq5jzq4/app.bsky.feed.post/3lbq2gpcxm22a', authorId: 'did:plc:anna3xq6mkv2wb7n4gq5jzq4', authorHandle: 'anna.fjallvind.se' });
    expect(by['3lbq6ccccc22g']!.language).toBe('en');
    expect(mentions.every((m) => !m.references.repostOf)).toBe(true);
  });

  it('walks the search pages newest to oldest down to since, with the service cursor', async () => {
    posts = [...fixturePosts];
    const before = server.requests.length;
    const { pages } = await run(source({ limit: 3 }));
    expect(pages.map(rkeys)).toEqual([['3lbq6ccccc22g', '3lbq5bbbbb22f', '3lbq4aaaaa22e'], ['3lbq3zzzzz22d', '3lbq3abcde22c', '3lbq2k7aaaa2b'], ['3lbq2gpcxm22a']]);
    const params = server.requests.slice(before).map((r) => Object.fromEntries(new URL(r.url, 'http://x').searchParams));
    expect(params).toEqual([0, 3, 6].map((offset) => ({ q: 'fjällvind OR "vind 3"', sort: 'latest', limit: '3', since: '2026-11-21T12:00:00.000Z', ...(offset ? { cursor: String(offset) } : {}) })));
    expect(pages.at(-1)!.cursor).toEqual({ since: '2026-11-23T07:05:00.000Z', boundary: ['at://did:plc:anna3xq6mkv2wb7n4gq5jzq4/app.bsky.feed.post/3lbq6ccccc22g'] });
  });

  it('resumes after a restart with no duplicate and no gap, including posts at the boundary time', async () => {
    posts = [...fixturePosts];
    const first = await run(source({ limit: 2 }));
    expect(first.mentions).toHaveLength(7);
    posts = [...fixturePosts, later('new1', '2026-11-23T07:05:00.000Z'), later('new2', '2026-11-23T09:00:00.000Z'), later('new3', '2026-11-23T10:00:00.000Z')];
    // One page of the next walk, then the process dies: a new source goes on from the committed cursor.
    const crashed = await source({ limit: 2 }).fetchPage(first.cursor, AbortSignal.timeout(5000));
    expect([rkeys(crashed), crashed.done]).toEqual([['new3', 'new2'], false]);
    const resumed = await run(source({ limit: 2 }), crashed.cursor);
    expect(rkeys(resumed)).toEqual(['new1']);
    const again = await run(source({ limit: 2 }), resumed.cursor);
    expect(again.mentions).toEqual([]);
  });

  it('throws RateLimitedError at ratelimit-reset on 429', async () => {
    override = () => ({ status: 429, body: fixture('error-rate-limited.json'), headers: { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': '1795435500', 'ratelimit-policy': '3000;w=300' } });
    const error = await source().fetchPage(undefined, AbortSignal.timeout(5000)).catch((e) => e);
    override = undefined;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAt).toEqual(new Date(1795435500 * 1000));
    expect(error.message).toBe(`bluesky collector: ${new URL(server.url).host} rate limit reached (3000;w=300)`);
  });

  it('throws HttpError on a 5xx so the runner retries', async () => {
    override = () => ({ status: 500, body: fixture('error-internal.json') });
    const error = await source().fetchPage(undefined, AbortSignal.timeout(5000)).catch((e) => e);
    override = undefined;
    expect(error).toBeInstanceOf(HttpError);
    expect([error.status, error.message]).toEqual([500, `bluesky collector: searchPosts on ${new URL(server.url).host} returned HTTP 500`]);
  });

  it('defaults to the public AppView and rejects unknown keys', () => {
    expect(blueskyConfig.parse({ type: 'bluesky', name: 'b', query: 'x' })).toMatchObject({ service: 'https://public.api.bsky.app', limit: 100, lookbackHours: 24 });
    expect(blueskyConfig.safeParse({ type: 'bluesky', name: 'b', query: 'x', q: 'y' }).error?.issues.map((i) => i.message)).toEqual(['Unrecognized key: "q"']);
  });

  it('is aborted by the signal when the service is slow', async () => {
    override = () => ({ status: 200, body: { posts: [] }, delayMs: 2000 });
    const error = await source().fetchPage(undefined, AbortSignal.timeout(150)).catch((e) => e);
    override = undefined;
    expect(error.message).toMatch(/^bluesky collector: GET http:\/\/127\.0\.0\.1:\d+\/xrpc\/app\.bsky\.feed\.searchPosts\?.* aborted: timed out$/);
  });
});

describe('bluesky collector: through the runner into Elasticsearch', () => {
  let env: Awaited<ReturnType<typeof testPipeline>>;
  beforeAll(async () => {
    env = await testPipeline({ sources: [{ type: 'bluesky', name: 'bsky', service: server.url, query: 'fjällvind', limit: 3, lookbackHours: 48, retries: 0 }] });
  });
  afterAll(() => env?.cleanup());

  it('indexes every post once under its AT URI and only new posts on the next run', async () => {
    posts = [...fixturePosts];
    const config = env.pipeline.config.sources[0]!;
    // The first run's `since` comes from the pipeline clock.
    const pipeline = { ...env.pipeline, now: () => now };
    const first = await runSource(pipeline, config, createSource(pipeline, config));
    expect([first.error, first.pages, first.collected]).toEqual([undefined, 3, 7]);
    const ids = async () => (await env.client.search({ index: env.names.alias('mentions'), size: 100 })).hits.hits.map((h) => h._id).sort();
    expect(await ids()).toEqual(fixturePosts.map((p) => `bluesky:${p.uri}`).sort());
    posts = [...fixturePosts, later('new1', '2026-11-23T11:00:00.000Z')];
    const second = await runSource(pipeline, config, createSource(pipeline, config));
    expect([second.error, second.collected]).toEqual([undefined, 1]);
    expect(await ids()).toEqual([...fixturePosts.map((p) => `bluesky:${p.uri}`), 'bluesky:at://did:plc:erik7ts2l5ylqzv3kwdhx2pn/app.bsky.feed.post/new1'].sort());
  });
});

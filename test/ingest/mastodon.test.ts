import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, RateLimitedError, type Cursor } from '../../ingest/collector.ts';
import { mastodonCollector, mastodonConfig } from '../../ingest/mastodon.ts';
import { json, loopback } from '../helpers/loopback.ts';
import { drain } from '../helpers/pages.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { logLines } from '../setup.ts';
import { createSource, runSource } from '../../ingest/runner.ts';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/mastodon', name), 'utf8'));
const tagTimeline: any[] = fixture('tag-fjallvind.json');
const anna = fixture('account-anna.json');
const annaStatuses: any[] = fixture('statuses-anna.json');
const now = new Date('2026-11-23T12:00:00Z');
const ctx = { baseDir: '.', log: pino({ level: 'silent' }), now: () => now };

/** A later status on the tag timeline, built from the newest fixture. */
const later = (n: number) => ({ ...tagTimeline[0], id: String(113600000000000000n + BigInt(n)), created_at: `2026-11-23T1${n % 10}:00:00.000Z`, quote: undefined, content: `<p>Nummer ${n}</p>` });

let timeline = [...tagTimeline];
let override: ((path: string) => { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number } | undefined) | undefined;
let server: Awaited<ReturnType<typeof loopback>>;

/** Mastodon's paging rules: newest first; max_id / since_id / min_id / limit; Link next and prev. */
function pageOf(all: any[], url: URL) {
  const q = url.searchParams;
  const limit = Math.min(Number(q.get('limit') ?? 20), 40);
  let list = [...all].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  if (q.get('max_id')) list = list.filter((s) => BigInt(s.id) < BigInt(q.get('max_id')!));
  if (q.get('since_id')) list = list.filter((s) => BigInt(s.id) > BigInt(q.get('since_id')!));
  if (q.get('min_id')) list = list.filter((s) => BigInt(s.id) > BigInt(q.get('min_id')!)).reverse().slice(0, limit).reverse();
  else list = list.slice(0, limit);
  const headers: Record<string, string> = {};
  if (list.length) {
    const at = (k: string, v: string) => `<${server.url}${url.pathname}?limit=${limit}&${k}=${v}>`;
    headers.link = `${at('max_id', list.at(-1).id)}; rel="next", ${at('min_id', list[0].id)}; rel="prev"`;
  }
  return { list, headers };
}

beforeAll(async () => {
  server = await loopback(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const scripted = override?.(url.pathname);
    if (scripted) {
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      return json(res, scripted.status, scripted.body, scripted.headers);
    }
    if (url.pathname === '/api/v1/timelines/tag/fjallvind') {
      const { list, headers } = pageOf(timeline, url);
      return json(res, 200, list, headers);
    }
    if (url.pathname === '/api/v1/accounts/lookup') {
      return url.searchParams.get('acct') === 'anna' ? json(res, 200, anna) : json(res, 404, fixture('error-not-found.json'));
    }
    if (url.pathname === `/api/v1/accounts/${anna.id}/statuses`) {
      const { list, headers } = pageOf(annaStatuses, url);
      return json(res, 200, list, headers);
    }
    json(res, 404, fixture('error-not-found.json'));
  });
});
afterAll(() => server.close());

const source = (raw: Record<string, unknown> = {}) =>
  mastodonCollector.create(mastodonConfig.parse({ type: 'mastodon', name: 'masto', instance: server.url, hashtags: ['fjallvind'], ...raw }), ctx);

const run = (src: ReturnType<typeof source>, cursor?: Cursor) => drain(src, cursor);

const host = () => new URL(server.url).host;
const ids = (page: { mentions: { nativeId: string }[] }) => page.mentions.map((m) => m.nativeId.split(':').at(-1)!.slice(-2));

describe('mastodon collector', () => {
  it('reads statuses into mentions: replies, reblogs, quotes, handles as user@instance, text without HTML', async () => {
    timeline = [...tagTimeline];
    const { mentions } = await run(source({ backfillPages: 5 }));
    const h = host();
    const byId = Object.fromEntries(mentions.map((m) => [m.nativeId.slice(h.length + 1), m]));
    expect(byId['113500000000000001']).toMatchObject({
      id: `mastodon:${h}:113500000000000001`,
      url: 'https://social.example/@anna/113500000000000001',
      author: { id: `${h}:109312381236512345`, handle: `anna@${h}`, name: 'Anna Lind · Fjällvind', followers: 1843, url: 'https://social.example/@anna' },
      text: 'Nya Vind 3-jackan är ute! Läs mer på https://fjallvind.example/vind3?utm_source=mastodon #fjallvind',
      language: 'sv',
      publishedAt: '2026-11-20T08:15:02.000Z',
      references: { links: ['https://fjallvind.example/vind3?utm_source=mastodon'], mentions: [] },
    });
    expect(byId['113500000000000002']!.references).toEqual({
      replyTo: { id: `${h}:113500000000000001`, authorId: `${h}:109312381236512345`, authorHandle: `anna@${h}` },
      links: [],
      mentions: [`anna@${h}`],
    });
    expect(byId['113500000000000002']!.author.handle).toBe('erik@fosstodon.example');
    expect(byId['113500000000000002']!.text).toBe('@anna Hur står den sig i regn? Min gamla läckte & frös. #fjallvind');
    expect(byId['113500000000000003']).toMatchObject({
      author: { handle: `maja@${h}` },
      text: byId['113500000000000001']!.text,
      references: { repostOf: { id: `${h}:113500000000000001`, authorId: `${h}:109312381236512345`, authorHandle: `anna@${h}` } },
    });
    expect(byId['113500000000000004']!.text).toBe('@erik Ja! Tejpade sömmar och 20 000 mm vattenpelare.\nVi testade den en vecka i Abisko.\n#fjallvind');
    expect(byId['113500000000000005']!.title).toBe('rykte, jobb');
    expect(byId['113500000000000006']!.references.links).toEqual(['https://blog.example/2026/11/vind3-test']);
    expect(byId['113500000000000007']!.references.quoteOf).toEqual({ id: `${h}:113500000000000005`, authorId: `${h}:110001122334455667`, authorHandle: `maja@${h}` });
  });

  it('reads the newest page first, backfills older pages by Link rel="next", then reads forward with min_id', async () => {
    timeline = [...tagTimeline];
    const first = await run(source({ limit: 3, backfillPages: 5 }));
    expect(first.pages.map(ids)).toEqual([['07', '06', '05'], ['04', '03', '02'], ['01']]);
    expect(first.mentions).toHaveLength(7);
    const path = '/api/v1/timelines/tag/fjallvind';
    expect(server.requests.slice(-3).map((r) => r.url)).toEqual([`${path}?limit=3`, `${path}?limit=3&max_id=113500000000000005`, `${path}?limit=3&max_id=113500000000000002`]);
    const again = await run(source({ limit: 3, backfillPages: 5 }), first.cursor);
    expect(again.mentions).toEqual([]);
    expect(server.requests.at(-1)!.url).toBe(`${path}?limit=3&min_id=113500000000000007`);
  });

  it('resumes after a restart with no duplicate and no gap', async () => {
    timeline = [...tagTimeline];
    const first = await run(source({ limit: 2 }));
    expect(first.pages.map(ids)).toEqual([['07', '06']]);
    timeline = [...tagTimeline, ...[1, 2, 3, 4, 5].map(later)];
    // One page, then the process dies: a new source starts from the committed cursor.
    const crashed = await source({ limit: 2 }).fetchPage(first.cursor, AbortSignal.timeout(5000));
    expect(crashed.done).toBe(false);
    const resumed = await run(source({ limit: 2 }), crashed.cursor);
    const all = [...crashed.mentions, ...resumed.mentions].map((m) => m.nativeId.slice(-2));
    expect(all).toEqual(['02', '01', '04', '03', '05']);
    const again = await run(source({ limit: 2 }), resumed.cursor);
    expect(again.mentions).toEqual([]);
  });

  it('looks an account up once and reads its statuses; an unknown account is reported and the rest go on', async () => {
    timeline = [...tagTimeline];
    const src = source({ hashtags: [], accounts: ['@nobody', 'anna'] });
    const first = await run(src);
    expect(first.problems).toEqual([{ where: `${host()} account:nobody`, errorType: 'not_found', message: `mastodon collector: no account nobody on ${host()}` }]);
    expect(ids(first)).toEqual(['07', '04', '01']);
    expect(first.mentions.every((m) => m.author.handle === `anna@${host()}`)).toBe(true);
    const before = server.requests.length;
    await run(src, first.cursor);
    expect(server.requests.slice(before).map((r) => r.url.split('?')[0])).toEqual(['/api/v1/accounts/lookup', `/api/v1/accounts/${anna.id}/statuses`]);
  });

  it('throws RateLimitedError at X-RateLimit-Reset on 429', async () => {
    override = () => ({ status: 429, body: fixture('error-rate-limited.json'), headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2026-11-23T12:05:00.123Z' } });
    const error = await source().fetchPage(undefined, AbortSignal.timeout(5000)).catch((e) => e);
    override = undefined;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAt.toISOString()).toBe('2026-11-23T12:05:00.123Z');
    expect(error.message).toBe(`mastodon collector: ${host()} rate limit reached (300 per window)`);
  });

  it('throws HttpError on a 5xx so the runner retries', async () => {
    override = () => ({ status: 502, body: { error: 'Bad gateway' } });
    const error = await source().fetchPage(undefined, AbortSignal.timeout(5000)).catch((e) => e);
    override = undefined;
    expect(error).toBeInstanceOf(HttpError);
    expect([error.status, error.message]).toEqual([502, `mastodon collector: GET /api/v1/timelines/tag/fjallvind on ${host()} returned HTTP 502`]);
  });

  it('sends the access token as a Bearer header and never puts it in an error', async () => {
    override = () => ({ status: 503, body: { error: 'down' } });
    const error = await source({ accessToken: 'tok-7f3a9c2e51' }).fetchPage(undefined, AbortSignal.timeout(5000)).catch((e) => e);
    override = undefined;
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer tok-7f3a9c2e51');
    expect(`${error.message} ${error.url}`).not.toContain('tok-7f3a9c2e51');
  });

  it('needs a hashtag or an account and rejects unknown keys', () => {
    const issues = (raw: object) => mastodonConfig.safeParse({ type: 'mastodon', name: 'm', instance: 'https://m.example', ...raw }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({})).toEqual([['hashtags', 'give at least one of `hashtags` or `accounts`']]);
    expect(issues({ hashtags: ['#x'] })).toEqual([['hashtags.0', 'a hashtag without `#`']]);
    expect(issues({ accounts: ['anna'], since: 1 })).toEqual([['', 'Unrecognized key: "since"']]);
  });

  it('is aborted by the signal when the instance is slow', async () => {
    override = () => ({ status: 200, body: [], delayMs: 2000 });
    const error = await source().fetchPage(undefined, AbortSignal.timeout(150)).catch((e) => e);
    override = undefined;
    expect(error.message).toBe(`mastodon collector: GET ${server.url}/api/v1/timelines/tag/fjallvind?limit=40 aborted: timed out`);
  });
});

describe('mastodon collector: through the runner into Elasticsearch', () => {
  let env: Awaited<ReturnType<typeof testPipeline>>;
  beforeAll(async () => {
    env = await testPipeline({ sources: [{ type: 'mastodon', name: 'masto', instance: server.url, hashtags: ['fjallvind'], accounts: ['anna'], limit: 4, backfillPages: 3, retries: 0 }] });
  });
  afterAll(() => env?.cleanup());

  it('indexes the tag timeline and the account once each, and only what is new on the next run', async () => {
    timeline = [...tagTimeline];
    const config = env.pipeline.config.sources[0]!;
    const first = await runSource(env.pipeline, config, createSource(env.pipeline, config));
    expect([first.error, first.pages, first.collected]).toEqual([undefined, 3, 10]);
    const ids = async () => (await env.client.search({ index: env.names.alias('mentions'), size: 100 })).hits.hits.map((h) => h._id).sort();
    const h = host();
    expect(await ids()).toEqual(['01', '02', '03', '04', '05', '06', '07'].map((n) => `mastodon:${h}:1135000000000000${n}`));
    timeline = [...tagTimeline, later(1)];
    const second = await runSource(env.pipeline, config, createSource(env.pipeline, config));
    expect([second.error, second.collected]).toEqual([undefined, 1]);
    expect(await ids()).toEqual([...['01', '02', '03', '04', '05', '06', '07'].map((n) => `mastodon:${h}:1135000000000000${n}`), `mastodon:${h}:113600000000000001`]);
  });

  it('recovers from a 5xx through the runner retry and indexes the page', async () => {
    timeline = [...tagTimeline];
    let failures = 1;
    override = () => (failures-- > 0 ? { status: 503, body: { error: 'Service unavailable' } } : undefined);
    const config = { ...env.pipeline.config.sources[0]!, name: 'masto-flaky', accounts: [], retries: 2 };
    const result = await runSource(env.pipeline, config, mastodonCollector.create(config as never, ctx));
    override = undefined;
    expect([result.error, result.indexed]).toEqual([undefined, 7]);
    // The runner's retry event names the collector's error (its wording is the runner's).
    const retries = logLines.filter((l) => l.source === 'masto-flaky' && /retry/.test(`${l.errorType} ${l.msg}`));
    expect(retries).toHaveLength(1);
    expect(retries[0]!.msg).toContain(`mastodon collector: GET /api/v1/timelines/tag/fjallvind on ${host()} returned HTTP 503`);
  });
});

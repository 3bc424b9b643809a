import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError, type Source } from '../../ingest/collector.ts';
import { runSource } from '../../ingest/runner.ts';
import type { Pipeline } from '../../ingest/pipeline.ts';
import type { SourceHealth } from '../../ingest/commit.ts';
import { twitterCollector, type TwitterCursor } from '../../ingest/twitter.ts';
import { snowflakeTime } from '../../ingest/twitter-read.ts';
import { logger } from '../../log/logger.ts';
import { assertCollectorCompliance } from '../helpers/collector-compliance.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { xFixture, xServer, type Tweet } from '../helpers/x-server.ts';
import { logLines } from '../setup.ts';

const query = xFixture('search_tweets_query.json');
const nyc = xFixture('search_tweets_for_nyc.json');
const token = 'AAAA-test-bearer-token-0123456789';
/** The fixtures were collected on 2020-06-25; the collector's clock sits just after. */
const fixtureNow = new Date('2020-06-25T12:00:00Z');
// A parent for the quote in the nyc fixture, so the quote's author can be resolved from includes.
const quoted: Tweet = { id: '1275622383555133440', created_at: '2020-06-24T02:50:00.000Z', author_id: '17200003', text: 'the quoted tweet' };

const fixtureServer = () => xServer({ tweets: [...query.data, ...nyc.data], users: query.includes.users, parents: [...query.includes.tweets, quoted], reset: () => 1593086400 });

function source(url: string, extra: Record<string, unknown> = {}, now = () => fixtureNow): Source {
  const config = twitterCollector.configSchema.parse({ type: 'twitter', name: 'x-brand', bearerToken: token, queries: ['fjällvind'], baseUrl: `${url}/2/`, maxResults: 10, ...extra });
  return twitterCollector.create(config, { baseDir: '.', log: logger, now });
}
const signal = new AbortController().signal;

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function server(make = fixtureServer) {
  const s = await make();
  servers.push(s);
  return s;
}

describe('twitter collector (X API v2 recent search through twitter-api-v2)', () => {
  it('passes the collector compliance checks', async () => {
    const x = await server();
    const result = await assertCollectorCompliance({
      collector: twitterCollector,
      config: { type: 'twitter', name: 'x-brand', bearerToken: token, queries: ['fjällvind'], baseUrl: `${x.url}/2/`, maxResults: 10 },
      ctx: { now: () => fixtureNow },
      minMentions: 14,
      between: () => void x.state.tweets.push({ ...quoted, id: '1276100000000000000', created_at: '2020-06-25T10:00:00.000Z' }),
    });
    expect(result.pages.map((p) => p.mentions.length)).toEqual([10, 4]);
    expect(result.second.flatMap((p) => p.mentions.map((m) => m.id))).toEqual(['x:1276100000000000000']);
  });

  it('asks for the expansions and fields, pages with next_token and keeps since_id until the run is done', async () => {
    const x = await server();
    const s = source(x.url);
    const first = await s.fetchPage(undefined, signal);
    const cursor1 = first.cursor as TwitterCursor;
    expect(first.done).toBe(false);
    expect(cursor1.queries['fjällvind']).toEqual({ newestId: '1276035977375477760', nextToken: 'tok-1275840876997050369' });
    const second = await s.fetchPage(cursor1, signal);
    expect(second.done).toBe(true);
    expect((second.cursor as TwitterCursor).queries['fjällvind']).toEqual({ sinceId: '1276035977375477760' });
    const third = await s.fetchPage(second.cursor, signal);
    expect(third.mentions).toEqual([]);
    const searches = x.searches();
    expect(searches[0]).toEqual({
      query: 'fjällvind',
      max_results: '10',
      expansions: 'author_id,referenced_tweets.id,referenced_tweets.id.author_id,entities.mentions.username',
      'tweet.fields': 'created_at,lang,public_metrics,entities,conversation_id,referenced_tweets,author_id,in_reply_to_user_id',
      'user.fields': 'username,name,public_metrics',
    });
    expect(searches.map((q) => [q.next_token ?? null, q.since_id ?? null])).toEqual([[null, null], ['tok-1275840876997050369', null], [null, '1276035977375477760']]);
    expect(x.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('keeps replies, quotes and retweets with their parent ids and authors', async () => {
    const x = await server();
    const page = await source(x.url, { maxResults: 100 }).fetchPage(undefined, signal);
    const byId = Object.fromEntries(page.mentions.map((m) => [m.nativeId, m]));
    expect(byId['1276035977375477760']).toMatchObject({
      id: 'x:1276035977375477760',
      platform: 'x',
      source: 'x-brand',
      url: 'https://x.com/happycamper/status/1276035977375477760',
      author: { id: '63046977', handle: 'happycamper', name: 'Emily Waligoske 🏕', url: 'https://x.com/happycamper' },
      language: 'en',
      publishedAt: '2020-06-25T06:14:19.000Z',
      references: {
        replyTo: { id: '1275653067283759104', authorId: '17200003', authorHandle: 'snowman' },
        mentions: ['snowman'],
        links: ['https://twitter.com/happycamper/status/1276035977375477760/photo/1'],
      },
    });
    expect(byId['1275840892285399041']!.references.repostOf).toEqual({ id: '1275809336988557314' });
    expect(byId['1275840875466305542']!.references).toMatchObject({
      quoteOf: { id: '1275622383555133440', authorId: '17200003', authorHandle: 'snowman' },
      repostOf: { id: '1275837188715020290' },
    });
    // A reply whose parent is not expanded still names the parent's author from in_reply_to_user_id.
    expect(byId['1275882613572583424']!.references.replyTo).toEqual({ id: '1273733248749690880', authorId: '17200003', authorHandle: 'snowman' });
  });

  it('turns a 429 into RateLimitedError at x-rate-limit-reset, and waits proactively when remaining hits 0', async () => {
    const x = await server(() => xServer({ tweets: nyc.data, limit: 2, reset: () => 1593090000 }));
    x.state.faults.push({ status: 429, reset: 1593093600 });
    const s = source(x.url);
    const error = await s.fetchPage(undefined, signal).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAt.toISOString()).toBe('2020-06-25T14:00:00.000Z');
    await s.fetchPage(undefined, signal); // remaining 0 after this one
    const proactive = await s.fetchPage(undefined, signal).catch((e) => e);
    expect(proactive).toBeInstanceOf(RateLimitedError);
    expect(proactive.retryAt.toISOString()).toBe('2020-06-25T13:00:00.000Z');
    expect(x.searches()).toHaveLength(2);
  });

  it('falls back to start_time when the stored since_id is older than 7 days, and says so', async () => {
    const x = await server();
    const now = new Date('2020-07-10T00:00:00Z');
    const page = await source(x.url, {}, () => now).fetchPage({ queries: { fjällvind: { sinceId: '1275653067283759104' } }, round: [] }, signal);
    expect(x.searches()[0]).toMatchObject({ start_time: '2020-07-03T00:01:00.000Z' });
    expect(x.searches()[0]!.since_id).toBeUndefined();
    expect(page.problems).toEqual([{ where: 'fjällvind', errorType: 'since_id_expired', message: expect.stringContaining('since_id 1275653067283759104 is older than the 7-day search window') }]);
    // Nothing in the window: the cursor moves to the window's start, so the next run is quiet.
    const sinceId = (page.cursor as TwitterCursor).queries['fjällvind']!.sinceId!;
    expect(snowflakeTime(sinceId).toISOString()).toBe('2020-07-03T00:01:00.000Z');
    const next = await source(x.url, {}, () => now).fetchPage(page.cursor, signal);
    expect([next.problems, x.searches()[1]!.since_id]).toEqual([[], sinceId]);
  });

  it('starts a query over from its since_id when X rejects a stale next_token', async () => {
    const x = await server();
    x.state.invalidTokens.add('tok-1275840876997050369');
    const page = await source(x.url).fetchPage({ queries: { fjällvind: { sinceId: '1275653067283759104', newestId: '1276035977375477760', nextToken: 'tok-1275840876997050369' } }, round: [] }, signal);
    expect(page.problems.map((p) => p.errorType)).toEqual(['next_token_rejected']);
    expect(page.cursor).toEqual({ queries: { fjällvind: { sinceId: '1275653067283759104' } }, round: [] });
    expect(page.done).toBe(false);
  });

  it('refuses an answer below 400 that is not a search result (a redirect)', async () => {
    const x = await server();
    x.state.faults.push({ status: 302, body: {} });
    const stored: TwitterCursor = { queries: { fjällvind: { sinceId: '1275000000000000000' } }, round: [] };
    await expect(source(x.url).fetchPage(stored, signal)).rejects.toThrow(`twitter collector: ${x.url}/2/tweets/search/recent: the answer is not a search result (no meta)`);
    expect(x.searches()).toHaveLength(1);
  });

  it('searches several queries one after another in one run', async () => {
    const x = await server();
    const s = source(x.url, { queries: ['a', 'b'], maxResults: 100 });
    const first = await s.fetchPage(undefined, signal);
    expect([first.done, (first.cursor as TwitterCursor).round]).toEqual([false, ['a']]);
    const second = await s.fetchPage(first.cursor, signal);
    expect([second.done, (second.cursor as TwitterCursor).round]).toEqual([true, []]);
    expect(x.searches().map((q) => q.query)).toEqual(['a', 'b']);
  });
});

describe('twitter source under the runner, on the real Elasticsearch', () => {
  let env: Awaited<ReturnType<typeof testPipeline>>;
  beforeAll(async () => {
    env = await testPipeline({ sources: [{ type: 'twitter', name: 'x-brand', bearerToken: token, queries: ['fjällvind'], baseUrl: 'http://127.0.0.1:9/2/', maxResults: 10, retries: 3 }] });
  });
  afterAll(() => env.cleanup());

  /** A pipeline whose clock only moves when the runner sleeps: waits are recorded, never real. */
  function fakeTime(start = fixtureNow) {
    let now = start.getTime();
    const waits: number[] = [];
    const pipeline: Pipeline = { ...env.pipeline, now: () => new Date(now), random: () => 1, sleep: async (ms) => void (waits.push(ms), (now += ms)) };
    return { pipeline, waits };
  }
  const ids = async (source: string) =>
    (await env.client.search({ index: env.names.alias('mentions'), size: 100, query: { term: { source } }, sort: [{ id: 'asc' }] })).hits.hits.map((h) => h._id);
  const run = async (pipeline: Pipeline, name: string, url: string, extra: Record<string, unknown> = {}) => {
    const config = twitterCollector.configSchema.parse({ type: 'twitter', name, bearerToken: token, queries: ['fjällvind'], baseUrl: `${url}/2/`, maxResults: 10, ...extra });
    const s = twitterCollector.create(config, { baseDir: '.', log: logger, now: pipeline.now });
    return runSource(pipeline, config, s);
  };

  it('resumes after a stop mid-pagination with no duplicates and no gap', async () => {
    const x = await server();
    const { pipeline } = fakeTime();
    const stopped = await run(pipeline, 'resume', x.url, { maxPagesPerRun: 1 });
    expect([stopped.indexed, stopped.pages]).toEqual([10, 1]);
    expect(await env.pipeline.state.get('cursor', 'resume')).toEqual({ queries: { fjällvind: { newestId: '1276035977375477760', nextToken: 'tok-1275840876997050369' } }, round: [] });
    const resumed = await run(pipeline, 'resume', x.url);
    expect(resumed.indexed).toBe(4);
    x.state.tweets.push({ ...quoted, id: '1276100000000000000', created_at: '2020-06-25T10:00:00.000Z' });
    const later = await run(pipeline, 'resume', x.url);
    expect(later.indexed).toBe(1);
    expect(x.searches().at(-1)!.since_id).toBe('1276035977375477760');
    const all = await ids('resume');
    expect(all).toHaveLength(15);
    expect(all).toContain('x:1276100000000000000');
  });

  it('waits for x-rate-limit-reset on a 429 (reported as ingest.rate_limited), then goes on', async () => {
    const x = await server();
    x.state.faults.push({ status: 429, reset: Math.floor(fixtureNow.getTime() / 1000) + 120 });
    const { pipeline, waits } = fakeTime();
    const result = await run(pipeline, 'limited', x.url);
    expect([result.indexed, result.error]).toEqual([14, undefined]);
    expect(waits).toEqual([120_000]);
    expect(logLines.filter((l) => l.event === 'ingest.rate_limited').map((l) => [l.source, l.retryAt, l.waitMs])).toEqual([['limited', '2020-06-25T12:02:00.000Z', 120_000]]);
  });

  it('ends the run (cursor kept) when the reset is further away than maxRateLimitWaitSecs', async () => {
    const x = await server();
    x.state.faults.push({ status: 429, reset: Math.floor(fixtureNow.getTime() / 1000) + 3600 });
    const { pipeline, waits } = fakeTime();
    const result = await run(pipeline, 'limited-long', x.url, { maxRateLimitWaitSecs: 600 });
    expect([result.indexed, result.errorType, waits]).toEqual([0, 'rate_limit', []]);
    expect(result.error).toBe('rate limited until 2020-06-25T13:00:00.000Z (more than maxRateLimitWaitSecs 600)');
    expect(await env.pipeline.state.get('cursor', 'limited-long')).toBeUndefined();
  });

  it('retries 5xx with exponential backoff and recovers', async () => {
    const x = await server();
    x.state.faults.push({ status: 503 }, { status: 502 });
    const { pipeline, waits } = fakeTime();
    const result = await run(pipeline, 'flaky', x.url);
    expect([result.indexed, result.error]).toEqual([14, undefined]);
    expect(waits).toEqual([1000, 2000]);
    expect(logLines.filter((l) => l.event === 'ingest.retry').map((l) => [l.attempt, l.errorType])).toEqual([[1, 'http_503'], [2, 'http_502']]);
  });

  it('does not retry a 401; the error and its kind land in health', async () => {
    const x = await server();
    x.state.faults.push({ status: 401, body: { title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status: 401 } });
    const { pipeline, waits } = fakeTime();
    const result = await run(pipeline, 'denied', x.url);
    expect([result.indexed, result.errorType, waits, x.searches().length]).toEqual([0, 'http_401', [], 1]);
    expect(result.error).toBe(`twitter collector: HTTP 401 from ${x.url}/2/tweets/search/recent: Unauthorized`);
    const health = await env.pipeline.state.get<SourceHealth>('health', 'denied');
    expect(health).toMatchObject({ lastErrorType: 'http_401', collected: 0 });
  });

  it('reports a slow server as a timeout and indexes it all on the next run', async () => {
    const x = await server();
    // The first search never gets an answer.
    x.state.gate = (n) => (n === 1 ? new Promise<void>(() => {}) : undefined);
    const { pipeline } = fakeTime();
    const config = twitterCollector.configSchema.parse({ type: 'twitter', name: 'slow', bearerToken: token, queries: ['fjällvind'], baseUrl: `${x.url}/2/`, maxResults: 10, timeoutSecs: 0.2, retries: 0 });
    const s = twitterCollector.create(config, { baseDir: '.', log: logger, now: pipeline.now });
    const slow = await runSource(pipeline, config, s);
    expect([slow.indexed, slow.errorType, slow.error]).toEqual([0, 'timeout', 'timed out after 0.2s']);
    expect(logLines.filter((l) => l.event === 'ingest.failed').map((l) => [l.source, l.errorType])).toEqual([['slow', 'timeout']]);
    expect(await env.pipeline.state.get('cursor', 'slow')).toBeUndefined();
    // Same instance and queue: the abandoned request does not block the next run.
    const next = await runSource(pipeline, config, s);
    expect([next.indexed, next.error]).toEqual([14, undefined]);
    await s.close!();
  });

  it('never writes the bearer token to a log line', async () => {
    const x = await server();
    x.state.faults.push({ status: 500 }, { status: 403 });
    await run(fakeTime().pipeline, 'secret', x.url);
    expect(logLines.length).toBeGreaterThan(0);
    expect(JSON.stringify(logLines)).not.toContain(token);
  });
});


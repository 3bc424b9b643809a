import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiResponseError, TwitterApi, TwitterApiv2, TwitterV2IncludesHelper, type Tweetv2SearchParams } from 'twitter-api-v2';
import { z } from 'zod';
import { registerSecret } from '../log/logger.ts';
import { HttpError, RateLimitedError, type Collector, type Cursor, type Page } from './collector.ts';
import { sourceBase } from './source-config.ts';
import { newerId, readTweet, snowflakeAt, snowflakeTime, tweetFields } from './twitter-read.ts';
import { openStream, type StreamHandle } from './twitter-stream.ts';
import type { SpoolPosition } from './spool.ts';

/**
 * The `twitter` source: X API v2 recent search, one query after another, newest first with
 * `next_token` pagination and `since_id` from the stored cursor; optionally the filtered stream
 * with a search backfill after every (re)connect. Docs: docs/collectors-runner-twitter.md.
 */
export const twitterConfig = sourceBase.extend({
  type: z.literal('twitter'),
  /** App-only bearer token. Never write it here: use `${X_BEARER_TOKEN}`. @example ${X_BEARER_TOKEN} */
  bearerToken: z.string().min(1),
  /** Search queries (X query syntax); also the stream's rules when `stream` is on. @example ["Fjällvind -is:retweet lang:sv"] */
  queries: z.array(z.string().min(1).max(512)).min(1),
  /** Tweets per search page (10–100). @default 100 */
  maxResults: z.number().int().min(10).max(100).default(100),
  /** Also listen to the filtered stream (rules synced from `queries`). @default false */
  stream: z.boolean().default(false),
  /** First delay before reconnecting a dropped stream; doubles per try up to `streamReconnectMaxSecs`. @default 1 */
  streamReconnectSecs: z.number().min(0.01).default(1),
  /** @default 320 */
  streamReconnectMaxSecs: z.number().min(0.01).default(320),
  /**
   * Folder of the stream's on-disk spool (relative to the config file): streamed tweets wait
   * there until indexed, so an Elasticsearch outage or a restart loses none. @default rykte-spool
   */
  spoolDir: z.string().min(1).default('rykte-spool'),
  /** Most the spool holds; when full, newer tweets are refused (counted, logged, reported) and left to the search backfill. @default 512 */
  spoolMaxMB: z.number().min(0.001).default(512),
  /** Recent search covers 7 days: an older stored `since_id` becomes `start_time` = now − 7 days + this margin. @default 60 */
  startTimeMarginSecs: z.number().min(1).max(3600).default(60),
  /** API base URL, for proxies and test servers. @default https://api.x.com/2/ */
  baseUrl: z.url().default('https://api.x.com/2/'),
});
export type TwitterConfig = z.infer<typeof twitterConfig>;

/** Where each query stands. `sinceId` is committed; the rest belongs to a paging run in progress. */
export interface QueryCursor {
  sinceId?: string;
  /** Newest id seen in the run in progress: becomes `sinceId` once its last page is indexed. */
  newestId?: string;
  nextToken?: string;
  /** Set instead of `since_id` when that fell out of the 7-day window; kept across the run's pages. */
  startTime?: string;
}
export interface TwitterCursor extends Cursor {
  queries: Record<string, QueryCursor>;
  /** Queries finished in the current run, so a restart goes on with the next one. */
  round: string[];
  /** Position in the stream's spool up to which tweets are indexed. */
  spool?: SpoolPosition;
}

const sevenDaysMs = 7 * 24 * 3600 * 1000;

/** The v2 client with its base URL moved (the library hard-codes https://api.x.com/2/). */
class XApi extends TwitterApiv2 {
  constructor(api: TwitterApi, prefix: string) {
    super(api);
    this.setPrefix(prefix.endsWith('/') ? prefix : `${prefix}/`);
  }
}

export function createClient(config: TwitterConfig): { api: XApi; agent: HttpAgent } {
  // Our own agent: close() can then end sockets of requests still in flight (the library
  // cannot abort them), so shutdown never hangs on a slow server. https.request also refuses
  // http: URLs (test servers, local proxies) unless handed an http agent.
  const agent = config.baseUrl.startsWith('http:') ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true });
  return { api: new XApi(new TwitterApi(config.bearerToken, { httpAgent: agent }), config.baseUrl), agent };
}

/** The library's errors to the collector contract; the token is never part of a message. */
export function toContractError(error: unknown, url: string, now: Date): Error {
  if (error instanceof ApiResponseError) {
    if (error.code === 429) {
      const reset = error.rateLimit?.reset ? new Date(error.rateLimit.reset * 1000) : new Date(now.getTime() + 60_000);
      return new RateLimitedError(`twitter collector: 429 rate limited until ${reset.toISOString()}`, reset);
    }
    const detail = (error.data as { detail?: string; title?: string })?.detail ?? (error.data as { title?: string })?.title ?? '';
    return new HttpError(`twitter collector: HTTP ${error.code} from ${url}${detail ? `: ${detail}` : ''}`, error.code, url);
  }
  return new Error(`twitter collector: ${url}: ${(error as Error).message}`);
}

export const twitterCollector: Collector<TwitterConfig> = {
  name: 'twitter',
  configSchema: twitterConfig,
  create(config, ctx) {
    // Also when written literally in rykte.yml (not via ${ENV}): it must never reach a log line.
    registerSecret(config.bearerToken);
    const { api, agent } = createClient(config);
    const searchUrl = `${config.baseUrl.replace(/\/?$/, '/')}tweets/search/recent`;
    let blockedUntil = 0;
    let stream: StreamHandle | undefined;

    async function searchPage(query: string, state: QueryCursor, signal: AbortSignal): Promise<Omit<Page, 'cursor' | 'done'> & { next: QueryCursor; finished: boolean }> {
      const now = ctx.now();
      // Proactive: the last response said the window is used up, so do not spend a request on a 429.
      if (blockedUntil > now.getTime()) throw new RateLimitedError(`twitter collector: rate limit used up until ${new Date(blockedUntil).toISOString()}`, new Date(blockedUntil));
      const problems: Page['problems'] = [];
      const params: Partial<Tweetv2SearchParams> = { ...tweetFields, max_results: config.maxResults };
      let startTime = state.startTime;
      if (state.nextToken) params.next_token = state.nextToken;
      else if (state.sinceId && snowflakeTime(state.sinceId).getTime() < now.getTime() - sevenDaysMs + config.startTimeMarginSecs * 1000) {
        startTime = new Date(now.getTime() - sevenDaysMs + config.startTimeMarginSecs * 1000).toISOString();
        problems.push({ where: query, errorType: 'since_id_expired', message: `since_id ${state.sinceId} is older than the 7-day search window; searching from ${startTime} (tweets in between cannot be fetched)` });
      }
      if (startTime) params.start_time = startTime;
      else if (state.sinceId) params.since_id = state.sinceId;

      let result;
      try {
        signal.throwIfAborted();
        result = await api.search(query, params);
      } catch (error) {
        if (error instanceof ApiResponseError && error.rateLimit?.remaining === 0 && error.code !== 429) blockedUntil = error.rateLimit.reset * 1000;
        // A next_token X no longer accepts: start the query's run over from its committed since_id.
        if (error instanceof ApiResponseError && error.code === 400 && state.nextToken) {
          problems.push({ where: query, errorType: 'next_token_rejected', message: `X rejected next_token; re-fetching from since_id ${state.sinceId ?? '(none)'}` });
          return { mentions: [], problems, next: { sinceId: state.sinceId }, finished: false };
        }
        throw toContractError(error, searchUrl, now);
      }
      // Every search answer has `meta` (`result_count: 0` when nothing matched). The library
      // takes any status below 400 as success, so a redirect or a proxy's page lands here.
      if (!(result.data as { meta?: unknown } | undefined)?.meta) throw new Error(`twitter collector: ${searchUrl}: the answer is not a search result (no meta)`);
      if (result.rateLimit?.remaining === 0) blockedUntil = result.rateLimit.reset * 1000;
      const includes = new TwitterV2IncludesHelper(result.data);
      const mentions = [];
      for (const tweet of result.tweets) {
        try {
          mentions.push(readTweet(tweet, includes, config.name, now.toISOString()));
        } catch (error) {
          problems.push({ where: `tweet ${tweet.id ?? '?'}`, errorType: 'validation', message: (error as Error).message });
        }
      }
      const newestId = newerId(state.newestId, result.meta.newest_id);
      if (result.meta.next_token) return { mentions, problems, next: { sinceId: state.sinceId, newestId, nextToken: result.meta.next_token, startTime }, finished: false };
      // Nothing found after a 7-day fallback: remember the window's start, or every run would
      // report the expired since_id again.
      const floor = startTime && !newestId ? snowflakeAt(new Date(startTime)) : undefined;
      return { mentions, problems, next: { sinceId: newerId(newerId(state.sinceId, newestId), floor) }, finished: true };
    }

    return {
      async fetchPage(raw, signal): Promise<Page> {
        const stored = raw as TwitterCursor | undefined;
        const cursor: TwitterCursor = { queries: { ...(stored?.queries ?? {}) }, round: [...(stored?.round ?? [])], ...(stored?.spool ? { spool: stored.spool } : {}) };
        if (config.stream) {
          stream ??= await openStream(api, config, ctx);
          if (!stream.needsBackfill()) return stream.drain(cursor, config.queries);
        }
        const query = config.queries.find((q) => !cursor.round.includes(q))!;
        const page = await searchPage(query, cursor.queries[query] ?? {}, signal);
        cursor.queries[query] = page.next;
        if (page.finished) cursor.round.push(query);
        const done = cursor.round.length === config.queries.length;
        if (done) {
          cursor.round = [];
          stream?.backfilled();
        }
        // Forget queries no longer configured, so the cursor does not grow for ever.
        for (const q of Object.keys(cursor.queries)) if (!config.queries.includes(q)) delete cursor.queries[q];
        // In stream mode a finished backfill is followed by draining what the stream buffered.
        return { mentions: page.mentions, problems: page.problems, cursor, done: done && !config.stream };
      },
      async close() {
        await stream?.close();
        agent.destroy();
      },
    };
  },
};

import { ETwitterStreamEvent, TwitterV2IncludesHelper, type TweetStream, type TweetV2SingleStreamResult, type TwitterApiv2 } from 'twitter-api-v2';
import { events } from '../log/events.ts';
import type { CollectorContext, Page, Problem } from './collector.ts';
import type { TwitterConfig, TwitterCursor } from './twitter.ts';
import { toContractError } from './twitter.ts';
import { newerId, readTweet, tweetFields } from './twitter-read.ts';
import { Spool } from './spool.ts';
import { resolve } from 'node:path';

/** Tweets per drained page. */
const DRAIN_PAGE = 1000;

/**
 * The filtered stream of a `twitter` source with `stream: true`. Tweets go to an on-disk spool
 * (ingest/spool.ts) the moment they arrive; the runner's pages drain it and the spool position
 * is part of the cursor, so a tweet is forgotten only once it is indexed: an Elasticsearch
 * outage or a restart loses nothing. After every reconnect the source backfills by search from
 * the committed `since_id`; so it does after the spool was full and refused tweets.
 */
export interface StreamHandle {
  /** True at start and after a reconnect until a search backfill has finished. */
  needsBackfill(): boolean;
  /** The search backfill that began after the last (re)connect has finished. */
  backfilled(): void;
  /** The next spooled tweets after the cursor's spool position. */
  drain(cursor: TwitterCursor, queries: string[]): Promise<Page>;
  close(): Promise<void>;
}

export interface Rule {
  id: string;
  value: string;
  tag?: string;
}

/** Which rules to add and delete so the stream's rules tagged for this source equal `queries`. */
export function planRules(existing: Rule[], queries: string[], tag: string): { add: string[]; deleteIds: string[] } {
  const ours = existing.filter((r) => r.tag === tag);
  return {
    add: queries.filter((q) => !ours.some((r) => r.value === q)),
    deleteIds: ours.filter((r) => !queries.includes(r.value)).map((r) => r.id),
  };
}

/** Exponential reconnect delay with jitter (half to full), capped. */
export function reconnectDelayMs(tries: number, baseSecs: number, maxSecs: number, random = Math.random): number {
  const capped = Math.min(maxSecs, baseSecs * 2 ** Math.max(0, tries - 1)) * 1000;
  return Math.round(capped * (0.5 + random() / 2));
}

export async function openStream(api: TwitterApiv2, config: TwitterConfig, ctx: CollectorContext): Promise<StreamHandle> {
  const rulesUrl = `${config.baseUrl.replace(/\/?$/, '/')}tweets/search/stream/rules`;
  const tag = `rykte:${config.name}`;
  try {
    const existing = await api.streamRules();
    const plan = planRules((existing.data ?? []) as Rule[], config.queries, tag);
    if (plan.deleteIds.length) await api.updateStreamRules({ delete: { ids: plan.deleteIds } });
    if (plan.add.length) await api.updateStreamRules({ add: plan.add.map((value) => ({ value, tag })) });
  } catch (error) {
    throw toContractError(error, rulesUrl, ctx.now());
  }

  let stream: TweetStream<TweetV2SingleStreamResult>;
  try {
    stream = await api.searchStream({ ...tweetFields, autoConnect: false });
    await stream.connect({ autoReconnect: false });
  } catch (error) {
    throw toContractError(error, `${config.baseUrl.replace(/\/?$/, '/')}tweets/search/stream`, ctx.now());
  }
  // Only once connected: a failing first connect is the runner's to retry, not a silent loop.
  stream.autoReconnect = true;
  stream.autoReconnectRetries = Infinity;
  stream.nextRetryTimeout = (tries) => reconnectDelayMs(tries, config.streamReconnectSecs, config.streamReconnectMaxSecs);

  const spool = new Spool(resolve(ctx.baseDir, config.spoolDir), config.name, Math.floor(config.spoolMaxMB * 1024 * 1024));
  const problems: Problem[] = [];
  let generation = 0;
  let backfilledGeneration = -1;
  let backfillStart: number | undefined;
  let reconnects = 0;

  stream.on(ETwitterStreamEvent.Data, (payload) => {
    try {
      const mention = readTweet(payload.data, new TwitterV2IncludesHelper(payload), config.name, ctx.now().toISOString());
      // Refused when full: the gap is then the search backfill's, as after a dropped connection.
      if (!spool.append(mention)) generation++;
    } catch (error) {
      problems.push({ where: `stream tweet ${payload.data?.id ?? '?'}`, errorType: 'validation', message: (error as Error).message });
    }
  });
  // The gap starts when the connection drops, so mark it then, not only once it is back.
  stream.on(ETwitterStreamEvent.ConnectionLost, () => void generation++);
  stream.on(ETwitterStreamEvent.Reconnected, () => {
    generation++;
    events.streamReconnected(config.name, ++reconnects);
  });

  return {
    needsBackfill() {
      if (backfilledGeneration >= generation) return false;
      backfillStart ??= generation;
      return true;
    },
    backfilled() {
      if (backfillStart !== undefined) backfilledGeneration = backfillStart;
      backfillStart = undefined;
    },
    async drain(cursor, queries) {
      const read = await spool.read(cursor.spool, DRAIN_PAGE);
      const newest = read.mentions.reduce<string | undefined>((max, m) => newerId(max, m.nativeId), undefined);
      // The stream was connected since the backfill ended, so every query has seen up to `newest`.
      for (const q of queries) cursor.queries[q] = { sinceId: newerId(cursor.queries[q]?.sinceId, newest) };
      cursor.spool = read.next;
      return { mentions: read.mentions, problems: [...problems.splice(0), ...read.problems], cursor, done: !read.more };
    },
    async close() {
      stream.autoReconnect = false;
      stream.close();
      spool.close();
    },
  };
}

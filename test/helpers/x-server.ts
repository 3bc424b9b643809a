import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { json, loopback, type Recorded } from './loopback.ts';

/**
 * A loopback X API v2 that answers the endpoints the twitter collector uses with the real wire
 * format: recent search (since_id, start_time, max_results, next_token, expansions in
 * `includes`), stream rules and the filtered stream, plus `x-rate-limit-*` headers. Tweets and
 * users come from the fixture bodies (test/fixtures/twitter-v2: copied from the python-twitter SDK's test data, MIT) or from `syntheticTweets`.
 */
export const fixturesDir = join(import.meta.dirname, '..', 'fixtures', 'twitter-v2');
export const xFixture = (name: string) => JSON.parse(readFileSync(join(fixturesDir, name), 'utf8'));

export type Tweet = Record<string, any> & { id: string; created_at: string; author_id?: string };
export type User = Record<string, any> & { id: string; username: string };

/** A scripted answer for the next request(s) instead of the normal one. */
export type Fault = { status: number; reset?: number; body?: unknown } | { delayMs: number } | { drop: true };

export interface XServerOptions {
  /** Tweets the search finds (any order; served newest first). */
  tweets: Tweet[];
  /** Users and parent tweets the expansions may include. */
  users?: User[];
  parents?: Tweet[];
  /** Rate limit window: requests per window and its reset (epoch seconds). */
  limit?: number;
  reset?: () => number;
}

const byIdDesc = (a: Tweet, b: Tweet) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0);

export async function xServer(options: XServerOptions) {
  const state = {
    tweets: [...options.tweets],
    users: options.users ?? [],
    parents: options.parents ?? [],
    faults: [] as Fault[],
    remaining: options.limit ?? 450,
    rules: [] as { id: string; value: string; tag?: string }[],
    streams: new Set<ServerResponse>(),
    invalidTokens: new Set<string>(),
    /** Awaited before answering each search (n counts from 1): lets a test hold a request open. */
    gate: undefined as ((n: number) => void | Promise<void>) | undefined,
    searchCount: 0,
  };
  let ruleSeq = 1;
  const limitHeaders = () => ({
    'x-rate-limit-limit': String(options.limit ?? 450),
    'x-rate-limit-remaining': String(Math.max(0, state.remaining)),
    'x-rate-limit-reset': String(options.reset?.() ?? Math.floor(Date.now() / 1000) + 900),
  });

  function includes(tweets: Tweet[]) {
    const parentIds = new Set(tweets.flatMap((t) => (t.referenced_tweets ?? []).map((r: { id: string }) => r.id)));
    const parents = [...state.parents, ...state.tweets].filter((t) => parentIds.has(t.id));
    const userIds = new Set([...tweets, ...parents].map((t) => t.author_id).filter(Boolean));
    const users = state.users.filter((u) => userIds.has(u.id));
    return { ...(users.length ? { users } : {}), ...(parents.length ? { tweets: parents } : {}) };
  }

  function search(req: Recorded, res: ServerResponse) {
    const q = new URL(req.url, 'http://x').searchParams;
    const max = Number(q.get('max_results') ?? 10);
    const token = q.get('next_token');
    if (token && state.invalidTokens.has(token)) return json(res, 400, { title: 'Invalid Request', detail: 'The `next_token` query parameter value is not valid.' }, limitHeaders());
    // Like X's, a token is anchored to the last tweet served (not an offset), so tweets posted
    // between two pages do not shift what the next page holds.
    const below = token ? BigInt(token.replace('tok-', '')) : undefined;
    const since = q.get('since_id');
    const start = q.get('start_time');
    const matching = state.tweets
      .filter((t) => !since || BigInt(t.id) > BigInt(since))
      .filter((t) => !start || Date.parse(t.created_at) >= Date.parse(start))
      .filter((t) => below === undefined || BigInt(t.id) < below)
      .sort(byIdDesc);
    const page = matching.slice(0, max);
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length) Object.assign(meta, { newest_id: page[0]!.id, oldest_id: page.at(-1)!.id });
    if (max < matching.length) meta.next_token = `tok-${page.at(-1)!.id}`;
    json(res, 200, page.length ? { data: page, includes: includes(page), meta } : { meta }, limitHeaders());
  }

  const server = await loopback(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/2/tweets/search/stream') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.write('\r\n');
      state.streams.add(res);
      res.on('close', () => state.streams.delete(res));
      return new Promise<void>((resolve) => res.on('close', resolve));
    }
    if (path === '/2/tweets/search/recent') {
      const n = ++state.searchCount;
      await state.gate?.(n);
    }
    const fault = path.startsWith('/2/tweets/search/recent') ? state.faults.shift() : undefined;
    state.remaining--;
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    else if (fault && 'drop' in fault) return void res.socket?.destroy();
    else if (fault) {
      const headers = { ...limitHeaders(), ...(fault.reset ? { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(fault.reset) } : {}) };
      return json(res, fault.status, fault.body ?? { title: fault.status === 429 ? 'Too Many Requests' : 'Service Unavailable', detail: `scripted ${fault.status}`, type: 'about:blank', status: fault.status }, headers);
    }
    if (path === '/2/tweets/search/recent') return search(req, res);
    if (path === '/2/tweets/search/stream/rules' && req.method === 'GET') {
      return json(res, 200, state.rules.length ? { data: state.rules, meta: { sent: new Date().toISOString(), result_count: state.rules.length } } : { meta: { sent: new Date().toISOString(), result_count: 0 } });
    }
    if (path === '/2/tweets/search/stream/rules' && req.method === 'POST') {
      const body = JSON.parse(req.body);
      if (body.delete) {
        state.rules = state.rules.filter((r) => !body.delete.ids.includes(r.id));
        return json(res, 200, { meta: { sent: new Date().toISOString(), summary: { deleted: body.delete.ids.length, not_deleted: 0 } } });
      }
      const added = body.add.map((r: { value: string; tag?: string }) => ({ ...r, id: String(1166895166390583000 + ruleSeq++) }));
      state.rules.push(...added);
      return json(res, 201, { data: added, meta: { sent: new Date().toISOString(), summary: { created: added.length, not_created: 0, valid: added.length, invalid: 0 } } });
    }
    json(res, 404, { title: 'Not Found Error', detail: `no route ${req.method} ${path}` });
  });

  return {
    ...server,
    state,
    searches: () => server.requests.filter((r) => r.url.startsWith('/2/tweets/search/recent')).map((r) => Object.fromEntries(new URL(r.url, 'http://x').searchParams)),
    /** Send one tweet to every connected stream, as X does (`data`, `includes`, `matching_rules`). */
    push(tweet: Tweet) {
      const line = JSON.stringify({ data: tweet, includes: includes([tweet]), matching_rules: state.rules.map((r) => ({ id: r.id, tag: r.tag })) });
      for (const res of state.streams) res.write(`${line}\r\n`);
    },
    /** Cut every stream connection (the client should reconnect). */
    dropStreams() {
      for (const res of state.streams) res.socket?.destroy();
    },
  };
}

/** X's epoch for snowflake ids; `mintId` makes an id for a given time, as X would. */
const epoch = 1288834974657n;
export const mintId = (at: Date, seq = 0) => String(((BigInt(at.getTime()) - epoch) << 22n) + BigInt(seq));

/** `n` tweets one second apart ending at `end`, by the fixture users, as X returns them. */
export function syntheticTweets(n: number, end: Date, users: User[]): Tweet[] {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(end.getTime() - (n - 1 - i) * 1000);
    const user = users[i % users.length]!;
    return { id: mintId(at, i % 4096), created_at: at.toISOString(), author_id: user.id, text: `Fjällvind tweet ${i}`, lang: 'sv', edit_history_tweet_ids: [] };
  });
}

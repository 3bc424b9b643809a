import { z } from 'zod';
import { HttpError, RateLimitedError, type Collector, type Cursor, type Page } from './collector.ts';
import { sourceBase } from './source-config.ts';
import { mentionId, type Mention, type PostRef } from '../model/mention.ts';
import { httpGet } from './http-get.ts';
import { registerSecret } from '../log/logger.ts';
import { htmlLinks, htmlToText } from './html.ts';

/**
 * The `mastodon` source: public hashtag timelines and account statuses of one instance, over
 * its REST API. Each hashtag or account is a stream read forward with `min_id` (the statuses
 * right after the last one we have, so nothing in between is skipped, unlike `since_id` which
 * returns the newest), following the `Link` header; `rel="next"` walks back for a backfill.
 */
export const mastodonConfig = sourceBase
  .extend({
    type: z.literal('mastodon'),
    /** Instance base URL. @example https://mastodon.social */
    instance: z.url(),
    /** Hashtags without `#`. @example [fjallvind] */
    hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_]+$/u, 'a hashtag without `#`')).default([]),
    /** Accounts as `user` (on this instance) or `user@domain`. @example [anna@mastodon.social] */
    accounts: z.array(z.string().regex(/^@?[\w.-]+(@[\w.-]+)?$/, '`user` or `user@domain`')).default([]),
    /** Statuses per request (the API allows 40). @default 40 */
    limit: z.number().int().min(1).max(40).default(40),
    /** Older pages read on a stream's first run, besides the newest. @default 0 */
    backfillPages: z.number().int().min(0).max(100).default(0),
    /** Bearer token, only for instances that require one for public timelines. @example ${MASTODON_TOKEN} */
    accessToken: z.string().optional(),
  })
  .refine((c) => c.hashtags.length + c.accounts.length > 0, { message: 'give at least one of `hashtags` or `accounts`', path: ['hashtags'] });
export type MastodonConfig = z.infer<typeof mastodonConfig>;

interface StreamState {
  /** Newest status id read: the next forward request asks for `min_id` = this. */
  minId?: string;
  accountId?: string;
  /** Backfill in progress: the next older page starts below this id. */
  backMaxId?: string;
  backLeft?: number;
}
interface MastodonCursor {
  next: number;
  streams: Record<string, StreamState>;
}

/** Mastodon ids are decimal strings longer than 2^53: compare as strings by length, then text. */
const newer = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b);

export function parseLink(header: string | null): Record<string, URL> {
  const links: Record<string, URL> = {};
  for (const m of (header ?? '').matchAll(/<([^>]+)>\s*;\s*rel="?([\w-]+)"?/g)) links[m[2]!] = new URL(m[1]!);
  return links;
}

export function statusToMention(s: any, host: string, source: string, collectedAt: string): Mention {
  const acct = (a: string) => (a.includes('@') ? a : `${a}@${host}`);
  const local = (id: string) => `${host}:${id}`;
  const shown = s.reblog ?? s;
  const ref = (status: any): PostRef => ({ id: local(status.id), authorId: local(status.account.id), authorHandle: acct(status.account.acct) });
  const replyHandle = s.mentions?.find((m: any) => m.id === s.in_reply_to_account_id)?.acct;
  const quoted = s.quote?.quoted_status;
  return {
    id: mentionId('mastodon', local(s.id)),
    platform: 'mastodon',
    source,
    nativeId: local(s.id),
    url: s.url ?? shown.url ?? s.uri,
    author: { id: local(s.account.id), handle: acct(s.account.acct), name: s.account.display_name || s.account.username, followers: s.account.followers_count, url: s.account.url },
    ...(shown.spoiler_text ? { title: shown.spoiler_text } : {}),
    text: htmlToText(shown.content ?? ''),
    ...(shown.language ? { language: shown.language } : {}),
    publishedAt: new Date(s.created_at).toISOString(),
    collectedAt,
    references: {
      ...(s.in_reply_to_id ? { replyTo: { id: local(s.in_reply_to_id), authorId: s.in_reply_to_account_id ? local(s.in_reply_to_account_id) : undefined, ...(replyHandle ? { authorHandle: acct(replyHandle) } : {}) } } : {}),
      ...(s.reblog ? { repostOf: ref(s.reblog) } : {}),
      ...(quoted ? { quoteOf: ref(quoted) } : {}),
      // Mention and hashtag anchors point at profiles and tag pages, not at what the post shares.
      links: htmlLinks(shown.content ?? '', (tag) => /class="[^"]*\b(mention|hashtag)\b/.test(tag)),
      mentions: (shown.mentions ?? []).map((m: any) => acct(m.acct)),
    },
    enrichment: {},
  };
}

export const mastodonCollector: Collector<MastodonConfig> = {
  name: 'mastodon',
  configSchema: mastodonConfig,
  create(config, ctx) {
    registerSecret(config.accessToken);
    const base = config.instance.replace(/\/+$/, '');
    const host = new URL(base).host;
    const streams = [...config.hashtags.map((t) => `tag:${t}`), ...config.accounts.map((a) => `account:${a.replace(/^@/, '')}`)];

    async function get(path: string, params: Record<string, string | undefined>, signal: AbortSignal) {
      const url = new URL(base + path);
      for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'rykte/0.1' };
      if (config.accessToken) headers.authorization = `Bearer ${config.accessToken}`;
      const res = await httpGet(url.toString(), { signal, headers, maxBytes: 10_000_000, maxRedirects: 5, unit: 'mastodon collector' });
      if (res.status === 429) {
        // Mastodon sends the reset as an ISO 8601 time.
        const reset = new Date(res.headers.get('x-ratelimit-reset') ?? '');
        const retryAt = Number.isNaN(reset.getTime()) ? new Date(ctx.now().getTime() + 300_000) : reset;
        throw new RateLimitedError(`mastodon collector: ${host} rate limit reached (${res.headers.get('x-ratelimit-limit') ?? '?'} per window)`, retryAt);
      }
      if (res.status !== 200) throw new HttpError(`mastodon collector: GET ${url.pathname} on ${host} returned HTTP ${res.status}`, res.status, url.toString());
      try {
        return { body: JSON.parse(res.body.toString('utf8')), links: parseLink(res.headers.get('link')) };
      } catch {
        throw new HttpError(`mastodon collector: GET ${url.pathname} on ${host} returned invalid JSON`, res.status, url.toString());
      }
    }

    return {
      async fetchPage(cursor: Cursor | undefined, signal: AbortSignal): Promise<Page> {
        const state = (cursor as MastodonCursor | undefined) ?? { next: 0, streams: {} };
        const index = state.next < streams.length ? state.next : 0;
        const key = streams[index]!;
        const st: StreamState = { ...state.streams[key] };
        const page: Page = { mentions: [], problems: [], cursor: undefined, done: false };
        let stay = false;
        const advance = () => {
          page.done = !stay && index + 1 >= streams.length;
          page.cursor = { next: stay ? index : page.done ? 0 : index + 1, streams: { ...state.streams, [key]: st } } satisfies MastodonCursor;
          return page;
        };

        let path: string;
        if (key.startsWith('tag:')) path = `/api/v1/timelines/tag/${encodeURIComponent(key.slice(4))}`;
        else {
          if (!st.accountId) {
            try {
              st.accountId = String((await get('/api/v1/accounts/lookup', { acct: key.slice(8) }, signal)).body.id);
            } catch (error) {
              if (!(error instanceof HttpError) || error.status !== 404) throw error;
              page.problems.push({ where: `${host} ${key}`, errorType: 'not_found', message: `mastodon collector: no account ${key.slice(8)} on ${host}` });
              return advance();
            }
          }
          path = `/api/v1/accounts/${st.accountId}/statuses`;
        }

        const limit = String(config.limit);
        const backfilling = st.minId !== undefined && st.backMaxId !== undefined && (st.backLeft ?? 0) > 0;
        const params = st.minId === undefined ? { limit } : backfilling ? { limit, max_id: st.backMaxId } : { limit, min_id: st.minId };
        const { body, links } = await get(path, params, signal);
        const statuses: any[] = Array.isArray(body) ? body : [];
        const collectedAt = ctx.now().toISOString();
        for (const s of statuses) {
          if (!s?.id || !s.created_at || !s.account?.id) {
            page.problems.push({ where: `${host} ${key}`, errorType: 'validation', message: `mastodon collector: status ${s?.id ?? '(no id)'} lacks id, created_at or account; skipped` });
            continue;
          }
          page.mentions.push(statusToMention(s, host, config.name, collectedAt));
        }
        const newest = statuses.map((s) => String(s.id)).reduce<string | undefined>((a, b) => (a === undefined || newer(b, a) ? b : a), undefined);
        const olderFrom = links.next?.searchParams.get('max_id') ?? undefined;

        if (backfilling) {
          st.backLeft = (st.backLeft ?? 1) - 1;
          st.backMaxId = statuses.length ? olderFrom : undefined;
          stay = st.backLeft > 0 && !!st.backMaxId && statuses.length >= config.limit;
        } else if (st.minId === undefined) {
          st.minId = newest;
          if (config.backfillPages > 0 && olderFrom && statuses.length >= config.limit) Object.assign(st, { backMaxId: olderFrom, backLeft: config.backfillPages });
          stay = st.backMaxId !== undefined;
        } else {
          if (newest && newer(newest, st.minId)) st.minId = newest;
          // A full page means more may be waiting right after it.
          stay = statuses.length >= config.limit;
        }
        if (!stay) delete st.backMaxId, delete st.backLeft;
        return advance();
      },
    };
  },
};

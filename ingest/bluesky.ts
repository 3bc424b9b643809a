import { z } from 'zod';
import { HttpError, RateLimitedError, type Collector, type Cursor, type Page } from './collector.ts';
import { sourceBase } from './source-config.ts';
import { mentionId, type Mention, type PostRef } from '../model/mention.ts';
import { httpGet } from './http-get.ts';
import { registerSecret } from '../log/logger.ts';

/**
 * The `bluesky` source: public post search (`app.bsky.feed.searchPosts`, sort=latest) over
 * XRPC. Search pages run newest → oldest, so a run walks them down to `since` (the newest
 * post time of the previous run, inclusive) and only then moves `since` up; a restart mid-walk
 * resumes from the stored page cursor. Reposts are not posts and search never returns them.
 */
export const blueskyConfig = sourceBase.extend({
  type: z.literal('bluesky'),
  /** AppView (or PDS) base URL. @default https://public.api.bsky.app */
  service: z.url().default('https://public.api.bsky.app'),
  /** Search query (Lucene-like: words, "phrases", `from:`, `#tag`, `lang:`). @example 'fjällvind OR "vind 3"' */
  query: z.string().min(1),
  /** Posts per request (the API allows 100). @default 100 */
  limit: z.number().int().min(1).max(100).default(100),
  /** How far back the first run searches. @default 24 */
  lookbackHours: z.number().min(0).default(24),
  /** Only posts in this language (ISO 639-1). @example sv */
  lang: z.string().regex(/^[a-z]{2}$/).optional(),
  /** Bearer token, for services that do not serve search without one. @example ${BLUESKY_TOKEN} */
  accessToken: z.string().optional(),
});
export type BlueskyConfig = z.infer<typeof blueskyConfig>;

interface BlueskyCursor {
  /** Lower bound (inclusive) of the current walk: the newest post time of the last finished walk. */
  since: string;
  /** Posts at exactly `since` that were already returned, so the inclusive bound repeats none. */
  boundary: string[];
  /** A walk in progress: the service's page cursor, and the newest time seen so far in this walk. */
  walk?: { page: string; newest: string; newestUris: string[] };
}

/** The time search sorts and filters by ("sortAt"): the earlier of createdAt and indexedAt. */
export function sortAt(post: any): string {
  const created = Date.parse(post.record?.createdAt);
  const indexed = Date.parse(post.indexedAt);
  const t = Number.isNaN(created) ? indexed : Number.isNaN(indexed) ? created : Math.min(created, indexed);
  return new Date(t).toISOString();
}

const didOf = (uri: string) => uri.match(/^at:\/\/([^/]+)/)?.[1];
const isPost = (uri: unknown): uri is string => typeof uri === 'string' && /^at:\/\/[^/]+\/app\.bsky\.feed\.post\//.test(uri);

export function postToMention(post: any, source: string, collectedAt: string): Mention {
  const record = post.record ?? {};
  const author = post.author ?? {};
  const text: string = record.text ?? '';
  const bytes = Buffer.from(text, 'utf8');
  const links: string[] = [];
  const mentions: string[] = [];
  for (const facet of record.facets ?? []) {
    for (const feature of facet.features ?? []) {
      if (feature.$type === 'app.bsky.richtext.facet#link' && feature.uri && !links.includes(feature.uri)) links.push(feature.uri);
      if (feature.$type === 'app.bsky.richtext.facet#mention') {
        // Facet offsets count UTF-8 bytes; the slice is the "@handle" as written.
        const written = bytes.subarray(facet.index?.byteStart ?? 0, facet.index?.byteEnd ?? 0).toString('utf8').replace(/^@/, '');
        mentions.push(written || feature.did);
      }
    }
  }
  const external = record.embed?.external?.uri;
  if (external && !links.includes(external)) links.push(external);
  // A quote is an embedded record: alone, or with media beside it.
  const embedded = record.embed?.$type === 'app.bsky.embed.record' ? record.embed.record : record.embed?.$type === 'app.bsky.embed.recordWithMedia' ? record.embed.record?.record : undefined;
  const view = post.embed?.$type === 'app.bsky.embed.record#view' ? post.embed.record : post.embed?.record?.record;
  const ref = (uri: string, handle?: string): PostRef => ({ id: uri, authorId: didOf(uri), ...(handle ? { authorHandle: handle } : {}) });
  const rkey = String(post.uri).split('/').pop();
  const language = record.langs?.[0]?.match(/^([a-z]{2})\b/i)?.[1]?.toLowerCase();
  return {
    id: mentionId('bluesky', post.uri),
    platform: 'bluesky',
    source,
    nativeId: post.uri,
    url: `https://bsky.app/profile/${author.did ?? didOf(post.uri)}/post/${rkey}`,
    author: {
      id: author.did ?? didOf(post.uri),
      handle: author.handle,
      ...(author.displayName ? { name: author.displayName } : {}),
      ...(typeof author.followersCount === 'number' ? { followers: author.followersCount } : {}),
      url: `https://bsky.app/profile/${author.handle ?? author.did}`,
    },
    text,
    ...(language ? { language } : {}),
    publishedAt: new Date(Date.parse(record.createdAt) || Date.parse(post.indexedAt)).toISOString(),
    collectedAt,
    references: {
      ...(isPost(record.reply?.parent?.uri) ? { replyTo: ref(record.reply.parent.uri) } : {}),
      ...(isPost(embedded?.uri) ? { quoteOf: ref(embedded.uri, view?.uri === embedded.uri ? view.author?.handle : undefined) } : {}),
      links,
      mentions,
    },
    enrichment: {},
  };
}

export const blueskyCollector: Collector<BlueskyConfig> = {
  name: 'bluesky',
  configSchema: blueskyConfig,
  create(config, ctx) {
    registerSecret(config.accessToken);
    const base = config.service.replace(/\/+$/, '');

    async function search(params: Record<string, string | undefined>, signal: AbortSignal): Promise<{ posts: any[]; cursor?: string }> {
      const url = new URL(`${base}/xrpc/app.bsky.feed.searchPosts`);
      for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'rykte/0.1' };
      if (config.accessToken) headers.authorization = `Bearer ${config.accessToken}`;
      const res = await httpGet(url.toString(), { signal, headers, maxBytes: 20_000_000, maxRedirects: 5, unit: 'bluesky collector' });
      if (res.status === 429) {
        // atproto services send the reset as Unix epoch seconds.
        const reset = Number(res.headers.get('ratelimit-reset'));
        const retryAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : new Date(ctx.now().getTime() + 60_000);
        throw new RateLimitedError(`bluesky collector: ${new URL(base).host} rate limit reached (${res.headers.get('ratelimit-policy') ?? res.headers.get('ratelimit-limit') ?? '?'})`, retryAt);
      }
      if (res.status !== 200) throw new HttpError(`bluesky collector: searchPosts on ${new URL(base).host} returned HTTP ${res.status}`, res.status, `${base}/xrpc/app.bsky.feed.searchPosts`);
      try {
        const body = JSON.parse(res.body.toString('utf8'));
        return { posts: Array.isArray(body.posts) ? body.posts : [], cursor: typeof body.cursor === 'string' ? body.cursor : undefined };
      } catch {
        throw new HttpError(`bluesky collector: searchPosts on ${new URL(base).host} returned invalid JSON`, res.status, `${base}/xrpc/app.bsky.feed.searchPosts`);
      }
    }

    return {
      async fetchPage(cursor: Cursor | undefined, signal: AbortSignal): Promise<Page> {
        const state = (cursor as BlueskyCursor | undefined) ?? { since: new Date(ctx.now().getTime() - config.lookbackHours * 3_600_000).toISOString(), boundary: [] };
        const { posts, cursor: nextPage } = await search(
          { q: config.query, sort: 'latest', limit: String(config.limit), since: state.since, lang: config.lang, cursor: state.walk?.page },
          signal,
        );
        const page: Page = { mentions: [], problems: [], cursor: undefined, done: true };
        let newest = state.walk?.newest ?? state.since;
        let newestUris = state.walk?.newestUris ?? state.boundary;
        const collectedAt = ctx.now().toISOString();
        for (const post of posts) {
          if (typeof post?.uri !== 'string' || !post.record) {
            page.problems.push({ where: String(post?.uri ?? '(no uri)'), errorType: 'validation', message: 'bluesky collector: post view without uri or record; skipped' });
            continue;
          }
          const at = sortAt(post);
          if (at === state.since && state.boundary.includes(post.uri)) continue;
          if (at > newest) [newest, newestUris] = [at, [post.uri]];
          else if (at === newest && !newestUris.includes(post.uri)) newestUris = [...newestUris, post.uri];
          page.mentions.push(postToMention(post, config.name, collectedAt));
        }
        if (nextPage && posts.length > 0) {
          page.cursor = { since: state.since, boundary: state.boundary, walk: { page: nextPage, newest, newestUris } } satisfies BlueskyCursor;
          page.done = false;
        } else {
          page.cursor = { since: newest, boundary: newestUris } satisfies BlueskyCursor;
        }
        return page;
      },
    };
  },
};

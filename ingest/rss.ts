import Parser from 'rss-parser';
import { z } from 'zod';
import { HttpError, RateLimitedError, type Collector, type Cursor, type Page, type Problem } from './collector.ts';
import { sourceBase } from './source-config.ts';
import { mentionId, type Mention } from '../model/mention.ts';
import { httpGet, retryAfter, FetchProblem } from './http-get.ts';
import { decodeXml } from './charset.ts';
import { htmlLinks, htmlToText } from './html.ts';
import { brandFilter, type MentionFilter } from './brand-filter.ts';
import { events } from '../log/events.ts';
import { prune, seenKey, type SeenSet } from './seen-set.ts';
import { itemId, resolveUrl, str, unsafeXml } from './feed-item.ts';

/**
 * The `rss` source: RSS 0.9x, 1.0 (RDF), 2.0 and Atom feeds, fetched by hand (byte limit,
 * capped redirects, conditional GET, charset sniffing) and parsed by rss-parser. One page is
 * one feed, so a broken feed is a reported problem and the next page is the next feed.
 */
const feedEntry = z.union([
  z.url().transform((url) => ({ url })),
  z.strictObject({
    url: z.url(),
    /** Charset to use whatever the server and the document say. @example windows-1252 */
    charset: z.string().optional(),
    /** Parse a `<rss>` without a version as this version. @example 2 */
    defaultRss: z.union([z.literal(0.9), z.literal(1), z.literal(2)]).optional(),
  }),
]);

export const rssConfig = sourceBase
  .extend({
    type: z.literal('rss'),
    /** `monitored`: keep items matching the brands; `staff-blog`: keep all, authored by `person`. @default monitored */
    kind: z.enum(['monitored', 'staff-blog']).default('monitored'),
    /** Staff id (from `staff:`) who writes these feeds; required for `staff-blog`. @example anna */
    person: z.string().optional(),
    /** Feed URLs (or `{ url, charset, defaultRss }`). @example [https://example.com/feed.xml] */
    feeds: z.array(feedEntry).min(1),
    /** Extra queries a monitored feed's items may match besides the brands'. @default [] */
    queries: z.array(z.string().min(1)).default([]),
    /** Stop reading a feed beyond this many bytes. @default 5000000 */
    maxBytes: z.number().int().min(1024).default(5_000_000),
    /** Redirects followed per feed. @default 5 */
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Forget an item this many days after it was last in its feed. @default 30 */
    seenTtlDays: z.number().min(1).default(30),
    /** Most item ids remembered per feed. @default 5000 */
    seenMax: z.number().int().min(10).default(5000),
  })
  .refine((c) => c.kind !== 'staff-blog' || !!c.person, { message: 'a `staff-blog` source needs `person` (a staff id)', path: ['person'] });
export type RssConfig = z.infer<typeof rssConfig>;
type FeedConfig = { url: string; charset?: string; defaultRss?: 0.9 | 1 | 2 };

interface FeedState {
  etag?: string;
  lastModified?: string;
  seen: SeenSet;
}
interface RssCursor {
  /** Index of the feed the next page reads. */
  next: number;
  feeds: Record<string, FeedState>;
}

export const rssCollector: Collector<RssConfig> = {
  name: 'rss',
  configSchema: rssConfig,
  create(config, ctx) {
    const keep: MentionFilter = config.kind === 'staff-blog' ? () => true : brandFilter(ctx.brands ?? [], config.queries);
    if (config.kind === 'monitored' && !ctx.brands?.length && !config.queries.length) {
      events.configWarning(`sources.${config.name}`, 'rss collector: a monitored feed source with no brands and no queries keeps nothing');
    }

    async function readFeed(feed: FeedConfig, state: FeedState, signal: AbortSignal, page: Page): Promise<FeedState> {
      const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5', 'user-agent': 'rykte/0.1 (feed reader)' };
      if (state.etag) headers['if-none-match'] = state.etag;
      if (state.lastModified) headers['if-modified-since'] = state.lastModified;
      const res = await httpGet(feed.url, { signal, headers, maxBytes: config.maxBytes, maxRedirects: config.maxRedirects, unit: 'rss collector' });
      if (res.status === 304) return state;
      if (res.status === 429) {
        const at = retryAfter(res.headers, ctx.now()) ?? new Date(ctx.now().getTime() + config.intervalSecs * 1000);
        throw new RateLimitedError(`rss collector: ${feed.url} answered 429 Too Many Requests`, at);
      }
      if (res.status !== 200) throw new HttpError(`rss collector: GET ${res.url} returned HTTP ${res.status}`, res.status, res.url);
      const decoded = decodeXml(res.body, res.headers.get('content-type'), feed.charset);
      if (decoded.note) page.problems.push({ where: feed.url, errorType: 'charset', message: `rss collector: ${feed.url}: ${decoded.note}` });
      const unsafe = unsafeXml(decoded.text);
      if (unsafe) throw Object.assign(new Error(`rss collector: ${feed.url} ${unsafe}`), { errorType: 'unsafe_xml' });
      let parsed: Parser.Output<Record<string, any>>;
      try {
        parsed = await new Parser({ defaultRSS: feed.defaultRss }).parseString(decoded.text);
      } catch (error) {
        throw Object.assign(new Error(`rss collector: ${feed.url} is not a readable feed: ${(error as Error).message.split('\n')[0]}`), { errorType: 'parse' });
      }
      const nowSecs = Math.floor(ctx.now().getTime() / 1000);
      const seen = { ...state.seen };
      for (const item of parsed.items) {
        const id = itemId(item, feed.url);
        if (!id) {
          page.problems.push({ where: feed.url, errorType: 'validation', message: `rss collector: item "${str(item.title) ?? '(untitled)'}" has no guid, id or link; skipped` });
          continue;
        }
        const key = seenKey(id);
        const known = key in seen;
        seen[key] = nowSecs;
        if (known) continue;
        const mention = toMention(item, id, feed.url, parsed, page.problems);
        if (!keep(mention)) delete seen[key];
        else page.mentions.push(mention);
      }
      return {
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
        seen: prune(seen, nowSecs, config.seenTtlDays, config.seenMax),
      };
    }

    function toMention(item: Record<string, any>, id: string, feedUrl: string, feed: Parser.Output<any>, problems: Problem[]): Mention {
      const collectedAt = ctx.now().toISOString();
      const html = str(item['content:encoded']) ?? str(item.content) ?? str(item.summary) ?? '';
      const link = str(item.link);
      let publishedAt = item.isoDate as string | undefined;
      if (!publishedAt || Number.isNaN(Date.parse(publishedAt))) {
        publishedAt = collectedAt;
        problems.push({ where: id, errorType: 'date', message: `rss collector: item in ${feedUrl} has no readable date; publishedAt set to the collection time` });
      }
      const writer = str(item.creator) ?? str(item['dc:creator']) ?? str(item.author);
      const language = str((feed as { language?: string }).language)?.match(/^([a-z]{2})\b/i)?.[1]?.toLowerCase();
      return {
        id: mentionId('rss', id),
        platform: 'rss',
        source: config.name,
        nativeId: id,
        url: resolveUrl(link, feedUrl),
        author:
          config.kind === 'staff-blog'
            ? { id: feedUrl, handle: config.person, name: writer ?? config.person, url: str(feed.link) ?? feedUrl }
            : { id: feedUrl, name: writer ?? str(feed.title), url: str(feed.link) ?? feedUrl },
        title: str(item.title),
        text: str(item.contentSnippet) ?? htmlToText(html),
        ...(language ? { language } : {}),
        publishedAt: new Date(publishedAt).toISOString(),
        collectedAt,
        references: { links: htmlLinks(html) },
        enrichment: {},
      };
    }

    return {
      async fetchPage(cursor: Cursor | undefined, signal: AbortSignal): Promise<Page> {
        const state = (cursor as RssCursor | undefined) ?? { next: 0, feeds: {} };
        const index = state.next < config.feeds.length ? state.next : 0;
        const feed = config.feeds[index]!;
        const page: Page = { mentions: [], problems: [], cursor: undefined, done: index + 1 >= config.feeds.length };
        let feedState = state.feeds[feed.url] ?? { seen: {} };
        try {
          feedState = await readFeed(feed, feedState, signal, page);
        } catch (error) {
          if (error instanceof RateLimitedError) throw error;
          // Anything else about this feed is its own problem: report it, keep its state, go on.
          page.mentions = [];
          const errorType = error instanceof FetchProblem ? error.errorType : error instanceof HttpError ? 'http' : ((error as { errorType?: string }).errorType ?? (signal.aborted ? 'timeout' : 'fetch'));
          page.problems.push({ where: feed.url, errorType, message: (error as Error).message });
        }
        // Feeds removed from the config drop their state.
        const feeds = Object.fromEntries(config.feeds.map((f) => [f.url, f.url === feed.url ? feedState : state.feeds[f.url]]).filter(([, s]) => s));
        page.cursor = { next: page.done ? 0 : index + 1, feeds } satisfies RssCursor;
        return page;
      },
    };
  },
};

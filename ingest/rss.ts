import { HttpError, type Collector, type Cursor, type Page, type Problem } from './collector.ts';
import { rssConfig, type RssConfig } from './rss-config.ts';
import { mentionId, type Mention } from '../model/mention.ts';
import { httpGet, retryAfter, FetchProblem } from './http-get.ts';
import { decodeXml } from './charset.ts';
import { htmlLinks } from './html.ts';
import { brandFilter, type MentionFilter } from './brand-filter.ts';
import { events } from '../log/events.ts';
import { redactText } from '../log/redact.ts';
import { prune, seenKey } from './seen-set.ts';
import { itemId, resolveUrl, unsafeXml } from './feed-item.ts';
import { readFeed, type FeedDocument, type FeedEntry } from './feed-read.ts';
import { feedFailed, feedSucceeded, type FeedState, type RssCursor } from './feed-health.ts';

type FeedConfig = { url: string; charset?: string };

export { rssConfig, type RssConfig };

/** Why items were not handed on, for the feed's summary line. */
interface Tally {
  notModified?: boolean;
  items: number;
  fresh: number;
  skipped: { 'already seen': number; 'not about the brands': number };
}

/**
 * The `rss` source: RSS 0.9x, 1.0 (RDF), 2.0 and Atom 0.3/1.0 feeds, fetched by hand (byte
 * limit, capped redirects, conditional GET, charset sniffing, a timeout per feed) and parsed by
 * feedsmith (ingest/feed-read.ts). One page is one feed, so a broken or slow feed is that
 * feed's reported problem and the next page is the next feed.
 */
export const rssCollector: Collector<RssConfig> = {
  name: 'rss',
  configSchema: rssConfig,
  create(config, ctx) {
    const keep: MentionFilter = config.kind === 'staff-blog' ? () => true : brandFilter(ctx.brands ?? [], config.queries, ctx.languages);
    if (config.kind === 'monitored' && !ctx.brands?.length && !config.queries.length) {
      events.configWarning(`sources.${config.name}`, 'rss collector: a monitored feed source with no brands and no queries keeps nothing');
    }
    const feedTimeoutSecs = config.feedTimeoutSecs ?? Math.round(config.timeoutSecs * 8) / 10;

    async function readOne(feed: FeedConfig, state: FeedState, signal: AbortSignal, page: Page, tally: Tally): Promise<FeedState> {
      const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5', 'user-agent': 'rykte/0.1 (feed reader)' };
      if (state.etag) headers['if-none-match'] = state.etag;
      if (state.lastModified) headers['if-modified-since'] = state.lastModified;
      const res = await httpGet(feed.url, { signal, headers, maxBytes: config.maxBytes, maxRedirects: config.maxRedirects, unit: 'rss collector' });
      if (res.status === 304) {
        tally.notModified = true;
        return { etag: state.etag, lastModified: state.lastModified, seen: state.seen };
      }
      if (res.status === 429) {
        const at = retryAfter(res.headers, ctx.now()) ?? new Date(ctx.now().getTime() + config.intervalSecs * 1000);
        throw Object.assign(new Error(`rss collector: ${feed.url} answered 429 Too Many Requests; not asked again before ${at.toISOString()}`), { errorType: 'rate_limit', retryAt: at.toISOString() });
      }
      if (res.status !== 200) throw new HttpError(`rss collector: GET ${res.url} returned HTTP ${res.status}`, res.status, res.url);
      const decoded = decodeXml(res.body, res.headers.get('content-type'), feed.charset);
      if (decoded.note) page.problems.push({ where: feed.url, errorType: 'charset', message: `rss collector: ${feed.url}: ${decoded.note}`, summarised: true });
      const unsafe = unsafeXml(decoded.text);
      if (unsafe) throw Object.assign(new Error(`rss collector: ${feed.url} ${unsafe}`), { errorType: 'unsafe_xml' });
      let doc: FeedDocument;
      try {
        // Relative links resolve against Content-Location, else the URL the feed came from.
        doc = readFeed(decoded.text, resolveUrl(res.headers.get('content-location') ?? undefined, res.url) ?? res.url);
      } catch (error) {
        throw Object.assign(new Error(`rss collector: ${feed.url} is not a readable feed: ${(error as Error).message}`), { errorType: 'parse' });
      }
      if (doc.empty) {
        page.problems.push({ where: feed.url, errorType: 'validation', message: `rss collector: ${feed.url}: ${doc.empty} item(s) with no id, link, title or text; skipped`, summarised: true });
      }
      const nowSecs = Math.floor(ctx.now().getTime() / 1000);
      const seen = { ...state.seen };
      // The feed URL as it may be stored in ids and authors: a `?token=` redacted (README "Secrets").
      const shown = redactText(feed.url);
      for (const entry of doc.entries) {
        tally.items++;
        const id = itemId(entry, shown);
        const key = seenKey(id);
        const known = key in seen;
        seen[key] = nowSecs;
        if (known) {
          tally.skipped['already seen']++;
          continue;
        }
        const mention = toMention(entry, id, shown, doc, page.problems);
        if (!keep(mention)) {
          delete seen[key];
          tally.skipped['not about the brands']++;
        } else {
          page.mentions.push(mention);
          tally.fresh++;
        }
      }
      return {
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
        seen: prune(seen, nowSecs, config.seenTtlDays, config.seenMax),
      };
    }

    function toMention(entry: FeedEntry, id: string, feedUrl: string, feed: FeedDocument, problems: Problem[]): Mention {
      const collectedAt = ctx.now().toISOString();
      const parsed = entry.date ? Date.parse(entry.date) : NaN;
      if (Number.isNaN(parsed)) {
        const why = entry.date ? `an unreadable date "${entry.date.slice(0, 60)}"` : 'no date';
        problems.push({ where: id, errorType: 'date', message: `rss collector: item in ${feedUrl} has ${why}; publishedAt set to the collection time`, summarised: true });
      }
      const language = feed.language?.match(/^([a-z]{2})\b/i)?.[1]?.toLowerCase();
      const site = feed.link ?? feedUrl;
      return {
        id: mentionId('rss', id),
        platform: 'rss',
        source: config.name,
        nativeId: id,
        url: entry.url,
        author:
          config.kind === 'staff-blog'
            ? { id: feedUrl, handle: config.person, name: entry.author ?? config.person, url: site }
            : { id: feedUrl, name: entry.author ?? feed.title, url: site },
        title: entry.title,
        text: entry.text,
        ...(language ? { language } : {}),
        publishedAt: Number.isNaN(parsed) ? collectedAt : new Date(parsed).toISOString(),
        collectedAt,
        references: { links: htmlLinks(entry.html) },
        enrichment: {},
      };
    }

    /** Why the feed failed, for its problem and health. */
    const errorTypeOf = (error: unknown, timedOut: boolean) =>
      timedOut ? 'timeout' : error instanceof FetchProblem ? error.errorType : error instanceof HttpError ? 'http' : ((error as { errorType?: string }).errorType ?? 'fetch');

    /** Read one feed into the page; whatever goes wrong with it becomes its problem and its health. */
    async function readRecorded(feed: FeedConfig, previous: FeedState, signal: AbortSignal, page: Page, at: string): Promise<FeedState> {
      const tally: Tally = { items: 0, fresh: 0, skipped: { 'already seen': 0, 'not about the brands': 0 } };
      // The feed's own timeout, shorter than the runner's page timeout: a slow feed becomes this
      // feed's problem and the cursor still moves on, so it cannot starve the feeds after it.
      const feedTimeout = AbortSignal.timeout(feedTimeoutSecs * 1000);
      try {
        const read = await readOne(feed, previous, AbortSignal.any([signal, feedTimeout]), page, tally);
        const problems: Record<string, number> = {};
        for (const p of page.problems) problems[p.errorType] = (problems[p.errorType] ?? 0) + 1;
        events.feedRead(config.name, feed.url, { ...tally, problems });
        return { ...read, health: feedSucceeded(previous.health, at, tally.fresh) };
      } catch (error) {
        // Shutdown and the runner's timeout are the runner's to handle.
        if (signal.aborted) throw error;
        const timedOut = feedTimeout.aborted;
        const errorType = errorTypeOf(error, timedOut);
        const message = timedOut ? `rss collector: GET ${feed.url} timed out after ${feedTimeoutSecs}s` : (error as Error).message;
        page.mentions = [];
        page.problems = [{ where: feed.url, errorType, message }];
        page.failed = [feed.url];
        // The previous state is kept (validators, seen-set): the feed is tried again next run, after a 429 not before `retryAt`.
        const retryAt = (error as { retryAt?: string }).retryAt;
        return { ...previous, ...(retryAt ? { retryAt } : {}), health: feedFailed(previous.health, at, errorType, message) };
      }
    }

    return {
      async fetchPage(cursor: Cursor | undefined, signal: AbortSignal): Promise<Page> {
        const state = (cursor as RssCursor | undefined) ?? { next: 0, feeds: {} };
        const index = state.next < config.feeds.length ? state.next : 0;
        const feed = config.feeds[index]!;
        const page: Page = { mentions: [], problems: [], cursor: undefined, done: index + 1 >= config.feeds.length };
        const previous = state.feeds[feed.url] ?? { seen: {} };
        const at = ctx.now().toISOString();
        // A feed that answered 429 is not asked again before its time; the others go on meanwhile.
        const waiting = !!previous.retryAt && at < previous.retryAt;
        if (waiting) events.feedRead(config.name, feed.url, { items: 0, fresh: 0, skipped: {}, problems: {}, waitUntil: previous.retryAt });
        const feedState = waiting ? previous : await readRecorded(feed, previous, signal, page, at);
        // Feeds removed from the config drop their state.
        const feeds = Object.fromEntries(config.feeds.map((f) => [f.url, f.url === feed.url ? feedState : state.feeds[f.url]]).filter(([, s]) => s));
        page.cursor = { next: page.done ? 0 : index + 1, feeds } satisfies RssCursor;
        return page;
      },
    };
  },
};

import { DetectError, MalformedError, ParseError, parseFeed, type AnyFeed, type AtomFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import { escapeHtml, fixC1, htmlToText } from './html.ts';
import { resolveUrl, str } from './feed-item.ts';

/**
 * A feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) read into the few things rykte uses,
 * whatever the format. feedsmith does the XML and the namespaces (prefixed RSS 1.0, media:,
 * dc:, content:); this module decides what each format's fields mean: text constructs, the
 * base of relative links, which date, which body.
 */
export interface FeedEntry {
  /** RSS `guid`, Atom `id`, RDF `rdf:about`. */
  guid?: string;
  /** The item's page: its link, else a permalink GUID; absolute. */
  url?: string;
  /** Plain text. */
  title?: string;
  /** The body as HTML (plain-text bodies are escaped into it): its links are read from here. */
  html: string;
  /** The body as text. */
  text: string;
  /** The date as written (published, else updated). */
  date?: string;
  author?: string;
}

export interface FeedDocument {
  title?: string;
  /** The site the feed is about. */
  link?: string;
  language?: string;
  entries: FeedEntry[];
  /** `<item>`/`<entry>` elements that held nothing to read (the parser leaves them out); reported, not lost silently. */
  empty: number;
}

/** A document that is no feed rykte can read; the message is for people, never a parser's TypeError. */
export class FeedReadError extends Error {}

/** Atom text construct (`type="text"|"html"|"xhtml"`) to plain text. */
export function textConstruct(value: string | undefined, type: string | undefined): string | undefined {
  if (!str(value)) return undefined;
  const text = type === 'html' || type === 'xhtml' || type === 'text/html' || type === 'application/xhtml+xml' ? htmlToText(value!) : fixC1(value!).replace(/\s+/g, ' ');
  return str(text);
}

/** A text construct as HTML for the body: html and xhtml as they are, text escaped. */
const constructHtml = (c: { value?: string; type?: string } | undefined) =>
  !c?.value ? undefined : !c.type || c.type === 'text' || c.type === 'text/plain' ? escapeHtml(c.value) : c.value;

/** RSS titles carry escaped markup and entities in the wild (`&amp;#38;`, `&lt;b&gt;`): read them as HTML. */
const htmlTitle = (title: string | undefined) => (str(title) ? str(htmlToText(title!)) : undefined);

/** `<rss>` holding items without a `<channel>`: wrapped in one, as readers like feedparser do. */
function withChannel(xml: string): string {
  if (!/<rss[\s>]/.test(xml) || /<(?:[\w.-]+:)?channel[\s>]/.test(xml)) return xml;
  return xml.replace(/<rss(?:\s[^>]*)?>/, '$&<channel>').replace(/<\/rss\s*>(?![\s\S]*<\/rss)/i, '</channel></rss>');
}

/** Parse a decoded document. `base` is the URL relative links resolve against (Content-Location, else the feed URL). */
export function readFeed(xml: string, base: string): FeedDocument {
  let parsed: AnyFeed<string>;
  try {
    parsed = parseFeed<string>(withChannel(xml));
  } catch (error) {
    const root = xml.match(/<([A-Za-z][\w:.-]*)/)?.[1];
    if (error instanceof DetectError) throw new FeedReadError(`not RSS, RDF or Atom (root element ${root ? `<${root}>` : 'none'})`);
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    if (error instanceof MalformedError || error instanceof ParseError) throw new FeedReadError(`malformed or incomplete XML${cause ? `: ${cause}` : ''}`);
    // Never a parser's internal TypeError as the message: say what failed, keep the kind.
    throw new FeedReadError(`the parser failed on it (${(error as Error).name})`);
  }
  try {
    const doc = parsed.format === 'rss' ? rss(parsed.feed, base) : parsed.format === 'rdf' ? rdf(parsed.feed, base) : parsed.format === 'atom' ? atom(parsed.feed, base) : undefined;
    if (!doc) throw new FeedReadError(`a ${parsed.format} feed, not RSS, RDF or Atom`);
    const entries = doc.entries.map((e) => ({ ...e, text: htmlToText(e.html) })).filter((e) => e.guid || e.url || e.title || e.text);
    return { ...doc, entries, empty: Math.max(0, countElements(xml) - entries.length) };
  } catch (error) {
    if (error instanceof FeedReadError) throw error;
    throw new FeedReadError(`a field has an unexpected shape (${(error as Error).name})`);
  }
}

/** `<item>` and `<entry>` elements (any prefix) outside CDATA and comments. */
function countElements(xml: string): number {
  const markup = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  return markup.match(/<(?:[\w.-]+:)?(?:item|entry)[\s/>]/g)?.length ?? 0;
}

/** xml:base stacks: an element's base resolves against its parent's. */
const rebase = (xml: { base?: string } | undefined, outer: string) => resolveUrl(xml?.base, outer) ?? outer;

type Media = { groups?: { description?: { value?: string; type?: string } }[]; description?: { value?: string; type?: string } };
/** `media:description` (YouTube's only body), as HTML. */
const mediaHtml = (media: Media | undefined) => constructHtml(media?.description ?? media?.groups?.find((g) => g.description)?.description);

/** What each format's reader gives; the text and the count of empty items are added once for all. */
type Read = Omit<FeedDocument, 'empty' | 'entries'> & { entries: Omit<FeedEntry, 'text'>[] };

function rss(feed: RssFeed.Feed<string>, outer: string): Read {
  const base = rebase(feed.xml, outer);
  return {
    title: htmlTitle(feed.title),
    link: resolveUrl(str(feed.link), base),
    language: str(feed.language),
    entries: (feed.items ?? []).map((item) => {
      const itemBase = rebase(item.xml, base);
      const guid = str(item.guid?.value);
      // RSS 2.0: a GUID is a permalink unless isPermaLink="false"; used as the URL only when there is no link.
      const permalink = guid && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : undefined;
      return {
        guid,
        url: resolveUrl(str(item.link) ?? permalink, itemBase),
        title: htmlTitle(item.title),
        html: str(item.content?.encoded) ?? str(item.description) ?? mediaHtml(item.media as Media) ?? '',
        date: str(item.pubDate) ?? str(item.dc?.dates?.[0]),
        author: str(item.dc?.creators?.[0]) ?? str(item.authors?.[0]?.name) ?? str(item.authors?.[0]?.email),
      };
    }),
  };
}

function rdf(feed: RdfFeed.Feed<string>, outer: string): Read {
  const base = rebase(feed.xml, outer);
  return {
    title: htmlTitle(feed.title),
    link: resolveUrl(str(feed.link), base),
    language: str(feed.dc?.languages?.[0]),
    entries: (feed.items ?? []).map((item) => ({
      guid: str(item.rdf?.about),
      url: resolveUrl(str(item.link), rebase(item.xml, base)),
      title: htmlTitle(item.title),
      html: str(item.content?.encoded) ?? str(item.description) ?? '',
      date: str(item.dc?.dates?.[0]),
      author: str(item.dc?.creators?.[0]),
    })),
  };
}

/** The `alternate` link (Atom's default rel), else the first. */
const alternate = (links: AtomFeed.Link<string>[] | undefined) => str((links?.find((l) => !l.rel || l.rel === 'alternate') ?? links?.[0])?.href);

function atom(feed: AtomFeed.Feed<string>, outer: string): Read {
  const base = rebase(feed.xml, outer);
  return {
    title: textConstruct(feed.title?.value, feed.title?.type),
    link: resolveUrl(alternate(feed.links), base),
    language: str(feed.xml?.lang),
    entries: (feed.entries ?? []).map((entry) => {
      const entryBase = rebase(entry.xml, base);
      return {
        guid: str(entry.id),
        url: resolveUrl(alternate(entry.links), entryBase),
        title: textConstruct(entry.title?.value, entry.title?.type),
        html: constructHtml(entry.content) ?? constructHtml(entry.summary) ?? mediaHtml(entry.media as Media) ?? '',
        date: str(entry.published) ?? str(entry.updated) ?? str(entry.dc?.dates?.[0]),
        author: str(entry.authors?.[0]?.name) ?? str(entry.dc?.creators?.[0]),
      };
    }),
  };
}

import { createHash } from 'node:crypto';

/**
 * Pure rules about feed documents and items: what is refused before parsing, and what makes
 * an item the same item next time (its id).
 */

/** Refused before parsing: a DTD internal subset is how entity-expansion bombs are built. */
export function unsafeXml(xml: string): string | undefined {
  // Posts about XML may quote `<!ENTITY` inside CDATA or comments: only markup counts.
  const markup = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  if (/<!ENTITY/i.test(markup)) return 'declares XML entities (<!ENTITY>); refused, never expanded';
  if (/<!DOCTYPE[^>[]*\[/i.test(markup)) return 'has a DOCTYPE internal subset; refused, never expanded';
  return undefined;
}

/** `link` resolved against the feed URL; undefined when it is no URL at all. */
export function resolveUrl(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link, base).toString();
  } catch {
    return undefined;
  }
}

/** Lower-case scheme and host, no fragment, no utm_* parameters. */
export function canonicalUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) if (/^utm_/i.test(key)) u.searchParams.delete(key);
    return u.toString();
  } catch {
    return url.trim();
  }
}

export const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * The item's identity: its GUID (made feed-unique when it is not a URI), else its canonical
 * link, else a hash of what it says (feed URL, title, date, text): RSS makes guid and link
 * optional, and such an item must still be the same item on the next poll. The cost: an item
 * without either that is edited comes back as a new one.
 */
export function itemId(item: { guid?: string; url?: string; title?: string; date?: string; text?: string }, feedUrl: string): string {
  const feed = canonicalUrl(feedUrl);
  const guid = str(item.guid);
  let id: string;
  if (guid) id = /^https?:\/\//i.test(guid) ? canonicalUrl(guid) : /^[a-z][a-z0-9+.-]*:/i.test(guid) ? guid : `${feed}#${guid}`;
  else if (item.url) id = canonicalUrl(item.url);
  else id = `${feed}#content:${sha256([feed, item.title ?? '', item.date ?? '', item.text ?? ''].join('\n')).slice(0, 32)}`;
  // Elasticsearch ids stop at 512 bytes.
  return Buffer.byteLength(id) > 400 ? `sha256:${sha256(id)}` : id;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

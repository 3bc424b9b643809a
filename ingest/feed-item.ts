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

/** The item's identity: its GUID (made feed-unique when it is not a URI), else its canonical link. */
export function itemId(item: Record<string, any>, feedUrl: string): string | undefined {
  const guid = str(item.guid) ?? str(item.id) ?? str(item['rdf:about']);
  let id: string | undefined;
  if (guid) id = /^https?:\/\//i.test(guid) ? canonicalUrl(guid) : /^[a-z][a-z0-9+.-]*:/i.test(guid) ? guid : `${canonicalUrl(feedUrl)}#${guid}`;
  else if (resolveUrl(str(item.link), feedUrl)) id = canonicalUrl(resolveUrl(str(item.link), feedUrl)!);
  // Elasticsearch ids stop at 512 bytes.
  if (id && Buffer.byteLength(id) > 400) id = `sha256:${createHash('sha256').update(id).digest('hex')}`;
  return id;
}

import { decodeHTML } from 'entities';

/**
 * Post and feed bodies arrive as HTML (Mastodon `content`, RSS `description`): the text
 * enrichment reads and the links it follows. A light reading, not a renderer: block ends
 * become line breaks, tags go, entities are decoded.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Absolute http(s) links of `<a href>`, in order, without duplicates; `skip` drops some by their tag. */
export function htmlLinks(html: string, skip: (tag: string) => boolean = () => false): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi)) {
    if (skip(match[0])) continue;
    const href = decodeHTML(match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (/^https?:\/\//i.test(href) && !links.includes(href)) links.push(href);
  }
  return links;
}

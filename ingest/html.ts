import { decodeHTML } from 'entities';

/**
 * Post and feed bodies arrive as HTML (Mastodon `content`, RSS `description`): the text
 * enrichment reads and the links it follows. A light reading, not a renderer: block ends
 * become line breaks, tags go, entities are decoded.
 */
export function htmlToText(html: string): string {
  const text = html
    // Code is no text: script, style and noscript go with what they hold (an unclosed one to the end).
    .replace(/<(script|style|noscript)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return fixC1(decodeHTML(text))
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Windows-1252's characters at 0x80-0x9F; the five it leaves undefined are dropped. */
const cp1252 = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

/**
 * C1 control characters (U+0080-U+009F) to what they meant: a feed labelled Latin-1 written
 * in windows-1252, or `&#146;` in XML, yields them, and no one writes a C1 control on purpose.
 */
export function fixC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => cp1252[c.charCodeAt(0) - 0x80]!).replace(/\u0000/g, '');
}

export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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

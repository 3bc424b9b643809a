import type { Mention } from '../model/mention.ts';
import { memoize } from './memo.ts';
import { textHandles } from './text.ts';

const hashtag = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu;
// No `u` flag: with `i` it is ~10x slower in V8 (see urlPattern in text.ts); the pattern is ASCII.
const url = /\bhttps?:\/\/[^\s<>"'\])]+/gi;

/**
 * Canonical form of a link, so every share of one article counts as one: lower-case host,
 * no fragment, no `utm_*` tracking, sorted query, no trailing slash on a bare path.
 */
function canonicalize(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.replace(/[.,;:!?]+$/, ''));
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  u.hostname = u.hostname.toLowerCase().replace(/^www\./, '');
  const params = [...u.searchParams].filter(([k]) => !k.toLowerCase().startsWith('utm_')).sort(([a], [b]) => a.localeCompare(b));
  u.search = new URLSearchParams(params).toString();
  let out = u.toString();
  if (u.pathname !== '/' && out.endsWith('/') && !u.search) out = out.slice(0, -1);
  return out.replace(/\/$/, '');
}

/**
 * Story tracking asks again for the links of a page it just enriched (a post's own URL three
 * times): parsing a URL costs ~10 µs, so recent answers are kept, bounded.
 */
export const canonicalLink = memoize(canonicalize, 10_000);

/**
 * Hashtags (lower-case, without #), canonical links, and mentioned accounts: the platform's
 * `references.mentions` plus @handles written in the text, lower-case, without @.
 */
export function extractEntities(m: Mention): Mention {
  const text = `${m.title ?? ''}\n${m.text}`;
  // A Unicode regex scan costs; most texts have no # at all.
  const hashtags = text.includes('#') ? [...new Set([...text.matchAll(hashtag)].map((x) => x[1]!.toLowerCase()))] : [];
  const found = [...(m.references.links ?? []), ...(text.match(url) ?? [])];
  const links = [...new Set(found.map(canonicalLink).filter((l): l is string => !!l))];
  const mentions = [...new Set([...(m.references.mentions ?? []).map((h) => h.replace(/^@/, '').toLowerCase()), ...textHandles(text)])];
  const references = mentions.length ? { ...m.references, mentions } : m.references;
  return { ...m, references, enrichment: { ...m.enrichment, hashtags, links } };
}

import type { BrandConfig } from '../enrich/config.ts';

/**
 * Which items of a monitored feed are about us. A stop-gap reading of the brand queries:
 * every positive word or "quoted phrase" of a brand's or product's query, plus their names,
 * matched case-insensitively on word boundaries; `NOT x` / `-x` terms are left out, not
 * enforced. The full boolean query language (enrich/query/) replaces `brandFilter` as is:
 * a collector only sees a `TextFilter`.
 */
export type TextFilter = (text: string) => boolean;

export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  const tokens = query.match(/-?"[^"]*"|[^\s()"]+/g) ?? [];
  let negate = false;
  for (const token of tokens) {
    if (/^(AND|OR)$/.test(token)) continue;
    if (token === 'NOT') {
      negate = true;
      continue;
    }
    if (!negate && !token.startsWith('-')) {
      const term = token.replace(/^"|"$/g, '').replace(/^[#@]/, '').trim();
      if (term) terms.push(term);
    }
    negate = false;
  }
  return terms;
}

export function brandTerms(brands: readonly BrandConfig[], extraQueries: readonly string[] = []): string[] {
  const terms = new Set<string>();
  const add = (name: string, query: string) => [name, ...queryTerms(query)].forEach((t) => terms.add(t.toLowerCase()));
  for (const brand of brands) {
    add(brand.name, brand.query);
    for (const product of brand.products ?? []) add(product.name, product.query);
  }
  for (const query of extraQueries) queryTerms(query).forEach((t) => terms.add(t.toLowerCase()));
  return [...terms];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when the text holds any of the terms as a whole word (`term*` matches a prefix). */
export function termFilter(terms: readonly string[]): TextFilter {
  if (terms.length === 0) return () => false;
  const alternatives = terms.map((t) => (t.endsWith('*') ? `${escape(t.slice(0, -1))}[\\p{L}\\p{N}]*` : escape(t)));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  return (text) => pattern.test(text);
}

export function brandFilter(brands: readonly BrandConfig[], extraQueries: readonly string[] = []): TextFilter {
  return termFilter(brandTerms(brands, extraQueries));
}

import type { BrandConfig } from '../enrich/config.ts';
import { compileQuery } from '../enrich/query/compile.ts';
import { prepareDocument } from '../enrich/query/document.ts';
import type { Mention } from '../model/mention.ts';

/** Which items of a monitored feed are about us. */
export type MentionFilter = (mention: Mention) => boolean;

/**
 * True when a mention matches any brand's or product's query, or one of the source's extra
 * queries: the same query language, compiled once, that the enrich stage uses.
 */
export function brandFilter(brands: readonly BrandConfig[], extraQueries: readonly string[] = []): MentionFilter {
  const queries = [...brands.flatMap((b) => [b.query, ...(b.products ?? []).map((p) => p.query)]), ...extraQueries];
  const matchers = queries.map((q) => compileQuery(q));
  if (matchers.length === 0) return () => false;
  return (mention) => {
    const doc = prepareDocument(mention);
    return matchers.some((m) => m.test(doc));
  };
}

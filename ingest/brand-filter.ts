import type { BrandConfig } from '../enrich/config.ts';
import { compileQuery } from '../enrich/query/compile.ts';
import { prepareDocument } from '../enrich/query/document.ts';
import { analysisFor } from '../enrich/stem.ts';
import type { Mention } from '../model/mention.ts';

/** Which items of a monitored feed are about us. */
export type MentionFilter = (mention: Mention) => boolean;

/**
 * True when a mention matches any brand's or product's query, or one of the source's extra
 * queries: the same query language, compiled once and stemmed for the same `languages`, that
 * the enrich stage uses.
 */
export function brandFilter(brands: readonly BrandConfig[], extraQueries: readonly string[] = [], languages?: readonly string[]): MentionFilter {
  const queries = [...brands.flatMap((b) => [b.query, ...(b.products ?? []).map((p) => p.query)]), ...extraQueries];
  const matchers = queries.map((q) => compileQuery(q, languages));
  if (matchers.length === 0) return () => false;
  const analysis = analysisFor(languages);
  return (mention) => {
    const doc = prepareDocument(mention, analysis);
    return matchers.some((m) => m.test(doc));
  };
}

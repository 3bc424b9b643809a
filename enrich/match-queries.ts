import type { Config } from '../config/schema.ts';
import type { Mention } from '../model/mention.ts';
import type { QueryDocument } from './query/document.ts';
import { compileQuery, type Matcher } from './query/compile.ts';
import { analysisFor } from './stem.ts';

interface Compiled {
  id: string;
  matcher: Matcher;
}

/**
 * Brands, products and rule-based topics from the config's queries, compiled once. A product
 * counts on its own (a mention of "Vindjacka Pro" is about the product even without the brand
 * name) and then also adds its brand.
 */
export function matchQueries(config: Pick<Config, 'brands' | 'topics' | 'languages'>, analyze: (m: Mention) => QueryDocument) {
  const analysis = analysisFor(config.languages);
  const compileAll = (items: { id: string; query: string }[]): Compiled[] => items.map((i) => ({ id: i.id, matcher: compileQuery(i.query, config.languages) }));
  const brands = config.brands.map((b) => ({ id: b.id, matcher: compileQuery(b.query, config.languages), products: compileAll(b.products) }));
  const topics = compileAll(config.topics);
  return (m: Mention): Mention => {
    if (!brands.length && !topics.length) return m;
    const doc = analyze(m);
    // Stems of another language list would silently miss: the analyzer must use config.languages.
    if (doc.analysis !== analysis) throw new Error(`match-queries: documents analysed for ${doc.analysis.languages} but queries for ${analysis.languages}`);
    const foundBrands: string[] = [];
    const foundProducts: string[] = [];
    for (const brand of brands) {
      let hit = brand.matcher.test(doc);
      for (const p of brand.products) {
        if (p.matcher.test(doc)) {
          foundProducts.push(p.id);
          hit = true;
        }
      }
      if (hit) foundBrands.push(brand.id);
    }
    const foundTopics = topics.filter((t) => t.matcher.test(doc)).map((t) => t.id);
    return { ...m, enrichment: { ...m.enrichment, brands: foundBrands, products: foundProducts, topics: foundTopics } };
  };
}

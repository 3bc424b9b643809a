import { describe, expect, it } from 'vitest';
import { brandFilter, brandTerms, queryTerms } from '../../ingest/brand-filter.ts';

describe('brand filter (stop-gap for the query language)', () => {
  it('takes the positive words and phrases of a query, without operators, # or @', () => {
    expect(queryTerms('fjällvind OR #fjallvind OR @fjallvind_se OR ("vind 3" AND jacka) NOT skämt -reklam')).toEqual(['fjällvind', 'fjallvind', 'fjallvind_se', 'vind 3', 'jacka']);
  });

  it('adds brand and product names, lower-cased and once each', () => {
    const brands = [{ id: 'f', name: 'Fjällvind', query: 'fjällvind OR #fjallvind', products: [{ id: 'v', name: 'Vind 3', query: '"Vind 3"' }] }];
    expect(brandTerms(brands, ['hållbar*'])).toEqual(['fjällvind', 'fjallvind', 'vind 3', 'hållbar*']);
  });

  it('matches whole words case-insensitively, including non-ASCII letters, and prefixes with *', () => {
    const keep = brandFilter([{ id: 'f', name: 'Fjällvind', query: 'fjällvind', products: [] }], ['hållbar*']);
    expect(['FJÄLLVIND säljer', 'fjällvindar', 'om Hållbarhet', 'ohållbart', 'xfjällvind'].map(keep)).toEqual([true, false, true, false, false]);
  });

  it('keeps nothing when there are no terms', () => {
    expect(brandFilter([])('Fjällvind')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { brandFilter } from '../../ingest/brand-filter.ts';
import { mention } from '../helpers/mentions.ts';

const brands = [{ id: 'f', name: 'Fjällvind', query: 'fjällvind NOT skämt', products: [{ id: 'v', name: 'Vind 3', query: '"vind 3"' }] }];
const keeps = (filter: ReturnType<typeof brandFilter>, texts: string[]) => texts.map((text) => filter(mention({ text })));

describe('monitored-feed brand filter', () => {
  it('keeps items matching a brand or product query, with the query language', () => {
    expect(keeps(brandFilter(brands), ['FJÄLLVIND säljer', 'Fjallvind utan prickar', 'nya Vind 3 är här', 'fjällvind på skämt', 'bara väder'])).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('adds the source’s own queries', () => {
    expect(keeps(brandFilter(brands, ['hållbar*']), ['om hållbarhet', 'ohållbart'])).toEqual([true, false]);
  });

  it('stems for the configured languages, as the enrich stage does', () => {
    const danish = ['Afbrydelserne hos Fjällvind', 'Afbrydelse hos Fjällvind'];
    expect(keeps(brandFilter([], ['afbrydelse']), danish)).toEqual([false, true]);
    expect(keeps(brandFilter([], ['afbrydelse'], ['sv', 'da']), danish)).toEqual([true, true]);
  });

  it('keeps nothing when there are no queries', () => {
    expect(brandFilter([])(mention({ text: 'Fjällvind' }))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/load.ts';

const problems = (raw: Record<string, unknown>): string[] => {
  try {
    parseConfig(raw, 'rykte.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('enrich config', () => {
  it('reports query syntax errors with the config path, column and what was expected', () => {
    expect(
      problems({
        brands: [{ id: 'fjallvind', name: 'Fjällvind', query: '(fjällvind OR', products: [{ id: 'v', name: 'V', query: 'a NEAR b' }] }],
        topics: [{ id: 'jobb', query: '"lediga jobb' }],
      }),
    ).toEqual([
      'brands[0].query: query error at 14: expected a word, "phrase", #hashtag, @handle, field: or `(` but found end of query, got `"(fjällvind OR"`',
      'brands[0].products[0].query: query error at 3: expected `NEAR/n` with a word distance but found `NEAR`, got `"a NEAR b"`',
      'topics[0].query: query error at 1: expected a closing `"` but found end of query, got `"\\"lediga jobb"`',
    ]);
  });

  it('refuses an account that belongs to two people, whatever its case or @', () => {
    expect(
      problems({
        staff: [
          { id: 'anna', name: 'Anna', accounts: { x: ['annal'] } },
          { id: 'erik', name: 'Erik', accounts: { x: ['erik', '@AnnaL'] } },
        ],
      }),
    ).toEqual(['staff[1].accounts.x[1]: account `x:annal` also belongs to `anna` (staff[0]); an account has one owner, got `"@AnnaL"`']);
  });

  it('refuses a blog that belongs to two people', () => {
    expect(
      problems({
        staff: [
          { id: 'anna', name: 'Anna', blogs: ['https://blogg.example/'] },
          { id: 'erik', name: 'Erik', blogs: ['http://www.blogg.example'] },
        ],
      }),
    ).toEqual(['staff[1].blogs[0]: blog also belongs to `anna` (staff[0]); a blog has one owner, got `"http://www.blogg.example"`']);
  });

  it('refuses handles with spaces and upper-case platform names', () => {
    expect(problems({ staff: [{ id: 'anna', name: 'Anna', accounts: { x: ['anna lindqvist'] } }] })).toEqual([
      'staff[0].accounts.x[0]: a handle without spaces (`name` or Mastodon `name@instance`), got `"anna lindqvist"`',
    ]);
    expect(problems({ staff: [{ id: 'anna', name: 'Anna', accounts: { X: ['a'] } }] })).toEqual([
      'staff[0].accounts.X: expected a platform name in lower case (x, mastodon, bluesky, ...), got `"X"`',
    ]);
  });

  it('refuses two people with one id', () => {
    expect(problems({ staff: [{ id: 'anna', name: 'Anna' }, { id: 'anna', name: 'Anna 2' }] })).toEqual(['staff[1]: duplicate id `anna`, got `"anna"`']);
  });

  it('fills enrich defaults', () => {
    const config = parseConfig({}, 'rykte.yml');
    expect(config.enrich).toEqual({
      detectLanguage: 'always',
      sentiment: { positiveFrom: 2, negativeFrom: -2, negationWords: 3, words: {} },
      advocates: { minMentions: 3, minMeanScore: 1 },
      threads: 'auto',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { contentWords, jaccard, minhash, minhashOf, wordHashes } from '../../../enrich/stories/text.ts';

describe('contentWords', () => {
  it('stems Swedish and drops stop words, links and handles', () => {
    expect(contentWords('@anna Fjällvind återkallar alla sina vinterjackor https://t.co/x', 'sv')).toEqual(['fjällvind', 'vinterjack', 'återkall']);
  });
  it('stems English and guesses the language from stop words when none is given', () => {
    expect(contentWords('Fjällvind is recalling all of its winter jackets')).toEqual(['fjällvind', 'jacket', 'recal', 'winter']);
  });
  it('does not count English negations, `one` (stemmed `on`) or the pieces of contractions as content', () => {
    expect(contentWords("Not one jacket didn't burn, no, none of the ones we've sold", 'en')).toEqual(['burn', 'jacket', 'none', 'sold']);
    expect(contentWords('Nobody will just walk off once against it', 'en')).toEqual(['nobodi', 'walk']);
  });
});

describe('minhash', () => {
  it('estimates Jaccard similarity: identical sets agree everywhere, disjoint sets almost nowhere', () => {
    const a = minhash(['a', 'b', 'c', 'd'], 48);
    expect([...minhash(['d', 'c', 'b', 'a'], 48)]).toEqual([...a]);
    const b = minhash(['w', 'x', 'y', 'z'], 48);
    expect(a.filter((v, i) => v === b[i]).length).toBeLessThan(3);
  });
  it('tracks the true similarity of larger sets within a few percent', () => {
    const base = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const other = [...base.slice(0, 150), ...Array.from({ length: 50 }, (_, i) => `v${i}`)];
    const [a, b] = [minhash(base, 64), minhash(other, 64)];
    expect(jaccard([...base].sort(), [...other].sort())).toBeCloseTo(0.6, 6);
    // The tracker keeps the words' hashes: same similarity, same signature.
    expect(jaccard(wordHashes(base), wordHashes(other))).toBeCloseTo(0.6, 6);
    expect([...minhashOf(wordHashes(base), 64)]).toEqual([...a]);
    expect(a.filter((v, i) => v === b[i]).length / 64).toBeGreaterThan(0.45);
    expect(a.filter((v, i) => v === b[i]).length / 64).toBeLessThan(0.75);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eld } from 'eld/medium';
import { describe, expect, it } from 'vitest';
import { createNgramScorer } from '../../enrich/language-ngrams.ts';

const texts = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'enrich-eval.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** eld's own scores for the given languages, as detect() with a language subset gives them. */
function eldScores(languages: string[], text: string): number[] {
  const detector = eld.newInstance();
  detector.setLanguageSubset(languages);
  const scores = detector.detect(text).getScores();
  return [...languages].sort().map((l) => scores[l] ?? 0);
}

describe('n-gram scores restricted to the configured languages', () => {
  it('equal eld scores on every evaluation text', () => {
    const languages = ['sv', 'en', 'no', 'da'];
    const scorer = createNgramScorer(languages);
    expect(scorer.languages).toEqual(['da', 'en', 'no', 'sv']);
    expect(texts).toHaveLength(223);
    for (const text of texts) expect([...scorer.score(text)], text).toEqual(eldScores(languages, text));
  });

  it('equal eld scores on long, accented and non-Latin texts', () => {
    const scorer = createNgramScorer(['sv', 'en', 'fi', 'ru']);
    const long = 'Överraskande bra vindjacka, men leveransen från fabriken dröjde i tre veckor. '.repeat(20);
    for (const text of [long, 'Путин и Медведев 🤝 обсудили', 'Hyvää huomenta Helsinki, kahvi on valmis', "Don't stop — it's fine", '']) {
      expect([...scorer.score(text)], text).toEqual(eldScores(['sv', 'en', 'fi', 'ru'], text));
    }
  });

  it('leaves out languages eld does not know', () => {
    expect(createNgramScorer(['sv', 'xx']).languages).toEqual(['sv']);
  });
});

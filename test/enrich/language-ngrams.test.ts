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

  it('equal eld scores on word lengths, byte cuts, apostrophes and repeated n-grams', () => {
    const languages = ['sv', 'en', 'ru', 'zh', 'el', 'tr'];
    const scorer = createNgramScorer(languages);
    const word = (bytes: number) => 'thequickbrownfoxjumps'.repeat(20).slice(0, bytes);
    const cases = [
      // Words of 1 to 8 bytes (' a ', ' ab ', ' abc ', ' abcd ', then 4-byte n-grams with a stride of 3).
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `hej ${word(n)} då`),
      // Around the 70-byte cap: past it, the last n-gram is the word's tail from byte 66 and a space (5, 6+ bytes).
      ...[69, 70, 71, 72, 73, 100].map((n) => `the ${word(n)} end`),
      ...[34, 35, 36, 37].map((n) => `${'жизнь'.repeat(8).slice(0, n)} и ${'жизнь'.repeat(8).slice(0, n)}a`),
      // Repeated n-grams and repeated or differing long words (each distinct n-gram counts once).
      'the the the then then other other',
      `${'中文'.repeat(20)} ${'中文'.repeat(20)} ${'文中'.repeat(20)}中文`,
      `${'abc'.repeat(30)} ${'xyz'.repeat(8)}${'abc'.repeat(22)} ${'abc'.repeat(30)}`,
      // The 350- and 380-byte cuts: a space just before and after 350, a character (2, 3 bytes) across 380.
      ...[348, 349, 350, 351, 352].map((n) => `${word(n)} hej och hå`),
      ...[377, 378, 379, 380, 381].map((n) => `${word(n)}ж中ab`),
      `${word(378)}${'中'.repeat(3)}`,
      `${'ж'.repeat(300)} ${'ж'.repeat(10)}`,
      `${'Överraskande bra, '.repeat(30)}`,
      // Separators and apostrophes (kept at a run's end, else replaced), and the trim at both ends.
      "Don't 'quote' me, rock’n’roll `tick` a.'b a'.b a'' ''b ' '",
      "...'hej' på dig'... —", "''", ' . ', '',
      // Letters whose lower case depends on context (Σ) or is two characters (İ): eld's string functions.
      'ΟΔΥΣΣΕΥΣ ΚΑΙ Η ΠΗΝΕΛΟΠΗ', 'İstanbul ve İzmir', 'Kelvin K and ǅ ﬀ',
      // Astral characters, and eld's substring(0, 1000) after a character, inside a surrogate pair, after it.
      'emoji 🤝🤝 mellan 𝐀𝐁 ord', `${'.'.repeat(996)}hejåa`, `${'.'.repeat(996)}hej🤝a`, `${'.'.repeat(995)}hej🤝a`,
    ];
    for (const text of cases) expect([...scorer.score(text)], text).toEqual(eldScores(languages, text));
  });

  it('equal eld scores on generated texts', () => {
    const languages = ['sv', 'en', 'fi', 'ru', 'zh', 'th', 'el', 'tr'];
    const scorer = createNgramScorer(languages);
    const pieces = ['a', 'e', 'ä', 'ö', 'å', 'Q', 'th', 'ing', ' ', '.', "'", '`', '’', '—', '1', 'é', 'Ж', 'ж', 'Σ', 'İ', 'ß'];
    pieces.push('中', 'ก', '🤝', '\ud800', '\u0307', 'Ａ', 'ő', '中'.repeat(25) + ' ', 'ж'.repeat(37) + ' ');
    let seed = 1;
    const random = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    for (let i = 0; i < 500; i++) {
      let text = '';
      const len = random(i % 10 === 0 ? 600 : 80);
      while (text.length < len) text += pieces[random(pieces.length)]!.repeat(random(4) === 0 ? 1 + random(30) : 1);
      expect([...scorer.score(text)], text).toEqual(eldScores(languages, text));
    }
  });

  it('leaves out languages eld does not know', () => {
    expect(createNgramScorer(['sv', 'xx']).languages).toEqual(['sv']);
  });
});

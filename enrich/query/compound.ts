import type { AnalysedWord, Analysis } from '../stem.ts';
import { fold } from '../text.ts';
import type { Matcher } from './compile.ts';
import { termMatcher } from './document.ts';

/**
 * Compound matching, opt-in per query word (Swedish, Norwegian and Danish glue words together:
 * `strömavbrott`, `elavbrottet`):
 * - `*avbrott` (head): a word whose stem ends with one of the query word's stems,
 *   so the word alone or as the last part of a compound, in any of its forms: avbrott,
 *   avbrottet, strömavbrott, elavbrotten. Also any word ending in `avbrott` (the plain `*`
 *   wildcard it extends).
 * - `*faktura*` (part): a word containing the query word or one of its stems anywhere:
 *   fakturafel, elfakturan, fakturorna. Also what the plain `*faktura*` wildcard found.
 * The cost is false positives from words that merely end with (or contain) the same letters:
 * `*kund` finds sekund, `*app` knapp, `*pris` kapris. Short words are the risk: use compound
 * forms for words of five letters or more, or pair them with an exclusion (`*kund NOT sekund*`).
 */
export function compoundMatcher(word: string, mode: 'head' | 'part', analysis: Analysis): Matcher {
  const surface = fold(word);
  const keys = analysis.queryKeys(word);
  const needles = [surface, ...keys.filter((k) => k !== surface)];
  // `part`: by surface word; `head`: by surface word or stem.
  const test =
    mode === 'part'
      ? (w: AnalysedWord) => needles.some((n) => w.forms[0]!.includes(n))
      : (w: AnalysedWord) => w.forms[0]!.endsWith(surface) || w.forms.some((stem, f) => f > 0 && keys.some((k) => stem.endsWith(k)));
  return termMatcher(analysis.wordTest(`${mode}:${surface}:${keys.join(',')}`, { test }));
}

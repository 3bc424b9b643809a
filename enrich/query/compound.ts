import type { Analysis } from '../stem.ts';
import { fold } from '../text.ts';
import type { Matcher } from './compile.ts';
import type { QueryDocument } from './document.ts';

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

  /** Positions of matching words: by surface word or stem for `head`, by surface word for `part`. */
  const positions = (doc: QueryDocument, first: boolean): number[] => {
    const out: number[] = [];
    if (mode === 'part') {
      doc.words.forEach((w, i) => needles.some((n) => w.includes(n)) && out.push(i));
      return out;
    }
    for (const [w, at] of doc.keys.w) {
      if (w.endsWith(surface)) {
        out.push(...at);
        if (first) return out;
      }
    }
    for (const [stem, at] of doc.keys.s) {
      if (keys.some((k) => stem.endsWith(k))) {
        out.push(...at);
        if (first) return out;
      }
    }
    return out;
  };
  return {
    test: (doc) => positions(doc, true).length > 0,
    spans: (doc) => [...new Set(positions(doc, false))].sort((a, b) => a - b).map((p) => [p, p]),
  };
}

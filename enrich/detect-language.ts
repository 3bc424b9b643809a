import { eld } from 'eld/medium';
import type { Mention } from '../ingest/mention.ts';

/**
 * Language from the text with eld (n-gram detector), restricted to the configured languages.
 * Confidence is the relative margin over the runner-up among those languages:
 * 1 − second/best (0 = a tie, 1 = no other configured language scored at all).
 * The platform's own language is a hint: it wins when it is configured and scores within
 * `hintMargin` of the best, which settles near-ties such as short Norwegian/Swedish posts.
 * Texts too short to detect keep the platform's language, without a confidence. With
 * `enrich.detectLanguage: missing`, a configured platform language is kept as is (no confidence).
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
  // An instance of our own (sharing eld's tables): its language subset is ours alone, and with
  // it eld ranks and scales only the configured languages.
  const detector = eld.newInstance();
  detector.setLanguageSubset(languages);
  return (m: Mention): Mention => {
    if (when === 'missing' && m.language && allowed.has(m.language.toLowerCase())) return m;
    const text = `${m.title ?? ''} ${m.text}`.replace(/\bhttps?:\/\/\S+|[@#][\p{L}\p{N}_.]+/gu, ' ');
    if (letters(text) < minLetters) return m;
    const scores = detector.detect(text).getScores();
    const ranked = Object.entries(scores)
      .filter(([lang]) => allowed.has(lang))
      .sort((a, b) => b[1] - a[1]);
    const best = ranked[0];
    if (!best || best[1] <= 0) return m;
    const hint = m.language?.toLowerCase();
    const hinted = hint && allowed.has(hint) && (scores[hint] ?? 0) >= best[1] - hintMargin ? hint : undefined;
    const language = hinted ?? best[0];
    const top = scores[language]!;
    const second = ranked.find(([lang]) => lang !== language)?.[1] ?? 0;
    const confidence = Math.round(Math.max(0, 1 - second / top) * 1000) / 1000;
    return { ...m, language, enrichment: { ...m.enrichment, languageConfidence: confidence } };
  };
}

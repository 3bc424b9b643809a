import { eld } from 'eld/medium';
import type { Mention } from '../ingest/mention.ts';

/**
 * Language from the text with eld (n-gram detector), restricted to the configured languages.
 * Confidence is the relative margin over the runner-up among those languages:
 * 1 − second/best (0 = a tie, 1 = no other configured language scored at all).
 * The platform's own language is a hint: it wins when it is configured and scores within
 * `hintMargin` of the best, which settles near-ties such as short Norwegian/Swedish posts.
 * Texts too short to detect keep the platform's language, without a confidence.
 */
const hintMargin = 0.05;
const minLetters = 12;

export function detectLanguage(languages: string[]) {
  const allowed = new Set(languages);
  return (m: Mention): Mention => {
    const text = `${m.title ?? ''} ${m.text}`.replace(/\bhttps?:\/\/\S+|[@#][\p{L}\p{N}_.]+/gu, ' ');
    if ((text.match(/\p{L}/gu)?.length ?? 0) < minLetters) return m;
    const scores = eld.detect(text).getScores();
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

import { z } from 'zod';
import { ruleBase, type Match, type MentionLike, type Rule, type RuleBase } from './rule.ts';

/**
 * new-voice: an author with at least `minFollowers` followers mentions a brand for the first
 * time. The engine hands over the run's mentions by such authors and, per `brand:author`, the
 * earliest other mention in the index; the rule decides, and remembers whom it announced.
 */
export const newVoiceConfig = z.strictObject({
  ...ruleBase,
  type: z.literal('new-voice'),
  /** Fewest followers an author needs. @default 10000 @example 50000 */
  minFollowers: z.number().int().min(0).default(10_000),
  /** Only these brand ids. @default every brand */
  brands: z.array(z.string()).optional(),
  /** How far back the first run looks (seconds). @default 3600 */
  lookbackSecs: z.number().positive().default(3600),
});
export type NewVoiceOptions = z.infer<typeof newVoiceConfig> & RuleBase;

export interface NewVoiceState {
  /** `brand:author` pairs announced (epoch ms), so a late-arriving older mention cannot announce them again. */
  announced: Record<string, number>;
}

export const authorKey = (m: MentionLike) => m.author.handle ?? m.author.id ?? m.author.name ?? 'unknown';

export const newVoice: Rule<NewVoiceOptions, NewVoiceState> = {
  type: 'new-voice',
  input: 'mentions',
  configSchema: newVoiceConfig as unknown as z.ZodType<NewVoiceOptions>,
  lookbackSecs: (o) => o.lookbackSecs,
  evaluate(o, input, saved) {
    if (input.kind !== 'mentions') throw new Error(`new-voice rule: expected mentions, got ${input.kind}`);
    const state: NewVoiceState = { announced: { ...saved?.announced } };
    const matches: Match[] = [];
    const ordered = [...input.mentions].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id));
    for (const m of ordered) {
      if ((m.author.followers ?? 0) < o.minFollowers) continue;
      for (const brand of m.enrichment.brands ?? []) {
        if (o.brands && !o.brands.includes(brand)) continue;
        const key = `${brand}:${authorKey(m)}`;
        const earlier = input.seen[key];
        if (state.announced[key] !== undefined || (earlier !== undefined && Date.parse(earlier) < Date.parse(m.publishedAt))) continue;
        state.announced[key] = input.now;
        matches.push({
          key,
          at: m.publishedAt,
          current: m.author.followers ?? 0,
          mentionIds: [m.id],
          summary: `New voice: @${authorKey(m)} (${m.author.followers} followers) mentions ${brand} for the first time`,
          window: { from: m.publishedAt, to: m.publishedAt },
          details: { brand, author: m.author, url: m.url },
        });
      }
    }
    return { matches, state };
  },
};

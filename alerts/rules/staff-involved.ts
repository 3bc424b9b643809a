import { z } from 'zod';
import { iso, ruleBase, type Match, type Rule, type RuleBase, type StorySnapshot } from './rule.ts';
import { nextStoryState, storyLink, storyWindow, type StoryRuleState } from './story.ts';

/**
 * staff-involved: a negative story that staff started, amplified or are named in (the
 * relations are configurable), and that is still growing. Each story alerts once.
 */
const relation = z.enum(['started', 'amplified', 'replied', 'named']);

export const staffInvolvedConfig = z.strictObject({
  ...ruleBase,
  type: z.literal('staff-involved'),
  /** Staff relations that count. @default [started, amplified, named] */
  relations: z.array(relation).min(1).default(['started', 'amplified', 'named']),
  /** Negative when `sentiment.mean` is at most this... @default -0.2 */
  maxMeanSentiment: z.number().min(-1).max(1).default(-0.2),
  /** ...or when more than this share of its mentions are negative. @default 0.5 */
  minNegativeShare: z.number().min(0).max(1).default(0.5),
  /** Fewest mentions a story needs. @default 3 */
  minSize: z.number().int().min(1).default(3),
  /** Growing: at least this many mentions an hour now, or larger than at the last evaluation. @default 1 */
  minVelocity: z.number().min(0).default(1),
  /** Only stories with a mention this recent are looked at (seconds). @default 86400 */
  activeWithinSecs: z.number().positive().default(86_400),
});
export type StaffInvolvedOptions = z.infer<typeof staffInvolvedConfig> & RuleBase;

/** A relation is set when the story tracker wrote `true`, a non-empty list or a non-empty name. */
const present = (v: unknown) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

export function isNegative(story: StorySnapshot, o: Pick<StaffInvolvedOptions, 'maxMeanSentiment' | 'minNegativeShare'>): boolean {
  const s = story.sentiment ?? {};
  const total = (s.positive ?? 0) + (s.neutral ?? 0) + (s.negative ?? 0);
  return (s.mean !== undefined && s.mean <= o.maxMeanSentiment) || (total > 0 && (s.negative ?? 0) / total > o.minNegativeShare);
}

export const staffInvolved: Rule<StaffInvolvedOptions, StoryRuleState> = {
  type: 'staff-involved',
  input: 'stories',
  configSchema: staffInvolvedConfig as unknown as z.ZodType<StaffInvolvedOptions>,
  lookbackSecs: (o) => o.activeWithinSecs,
  evaluate(o, input, saved) {
    if (input.kind !== 'stories') throw new Error(`staff-involved rule: expected stories, got ${input.kind}`);
    const s = nextStoryState(saved, input.stories, input.now);
    const matches: Match[] = [];
    for (const story of input.stories) {
      const previousSize = s.sizes[story.id];
      s.sizes[story.id] = story.size;
      if (s.fired[story.id] !== undefined || story.size < o.minSize || !isNegative(story, o)) continue;
      const how = o.relations.filter((r) => present(story.staff?.[r]));
      if (how.length === 0) continue;
      const velocity = story.velocity?.current ?? 0;
      const growing = velocity >= o.minVelocity || (previousSize !== undefined && story.size > previousSize);
      if (!growing) continue;
      s.fired[story.id] = input.now;
      const people = story.staff?.people ?? [];
      matches.push({
        key: story.id,
        at: story.lastSeen ?? iso(input.now),
        storyId: story.id,
        current: velocity,
        reference: story.velocity?.previous ?? 0,
        mentionIds: story.origin?.mentionId ? [story.origin.mentionId] : [],
        summary: `Negative story involving staff (${how.join(', ')}${people.length ? `: ${people.join(', ')}` : ''}): ${storyLink(story)} has ${story.size} mentions, ${velocity}/h`,
        window: storyWindow(story, input.now),
        details: { size: story.size, relations: how, people, sentiment: story.sentiment, brands: story.brands },
      });
    }
    return { matches, state: s };
  },
};

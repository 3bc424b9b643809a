import { z } from 'zod';
import { iso, ruleBase, type Match, type Rule, type RuleBase, type StorySnapshot } from './rule.ts';
import { nextStoryState, storyLink, storyWindow, type StoryRuleState } from './story.ts';

/**
 * story-velocity: a story (from the stories index) spreads fast: at least `minVelocity`
 * mentions an hour, or a velocity ratio (this window against the previous one) of at least
 * `minRatio`, once it has `minSize` mentions. Each story alerts once.
 */
export const storyVelocityConfig = z
  .strictObject({
    ...ruleBase,
    type: z.literal('story-velocity'),
    /** Fewest mentions a story needs before it can alert. @default 10 */
    minSize: z.number().int().min(1).default(10),
    /** Mentions per hour (`velocity.current`) at which a story alerts. @default 10 @example 25 */
    minVelocity: z.number().positive().optional().default(10),
    /** Or: `velocity.ratio` (now vs the previous window) at which it alerts. @default 3 */
    minRatio: z.number().positive().optional().default(3),
    /**
     * Or: mentions per hour over the story's whole life (firstSeen to lastSeen, at least an hour).
     * Works on after-the-fact snapshots (backtests, the demo), where `velocity` is long past its peak.
     * @default unset @example 5
     */
    minAverageVelocity: z.number().positive().optional(),
    /** Only stories about these brand ids. @default every brand */
    brands: z.array(z.string()).optional(),
    /** Only stories with a mention this recent are looked at. seconds. @default 86400 */
    activeWithinSecs: z.number().positive().default(86_400),
  });
export type StoryVelocityOptions = z.infer<typeof storyVelocityConfig> & RuleBase;

/** Mentions per hour from the first to the last mention, the span floored at one hour; 2 decimals. */
export function averageVelocity(story: StorySnapshot): number {
  const span = story.firstSeen && story.lastSeen ? Date.parse(story.lastSeen) - Date.parse(story.firstSeen) : 0;
  return Math.round((story.size / Math.max(1, span / 3_600_000)) * 100) / 100;
}

export const storyVelocity: Rule<StoryVelocityOptions, StoryRuleState> = {
  type: 'story-velocity',
  input: 'stories',
  configSchema: storyVelocityConfig as unknown as z.ZodType<StoryVelocityOptions>,
  lookbackSecs: (o) => o.activeWithinSecs,
  evaluate(o, input, saved) {
    if (input.kind !== 'stories') throw new Error(`story-velocity rule: expected stories, got ${input.kind}`);
    const s = nextStoryState(saved, input.stories, input.now);
    const matches: Match[] = [];
    for (const story of input.stories) {
      s.sizes[story.id] = story.size;
      if (s.fired[story.id] !== undefined || story.size < o.minSize) continue;
      if (o.brands && !story.brands?.some((b) => o.brands!.includes(b))) continue;
      const current = story.velocity?.current ?? 0;
      const ratio = story.velocity?.ratio ?? 0;
      const fast = current >= o.minVelocity;
      const accelerating = ratio >= o.minRatio;
      const average = averageVelocity(story);
      const sustained = o.minAverageVelocity !== undefined && average >= o.minAverageVelocity;
      if (!fast && !accelerating && !sustained) continue;
      s.fired[story.id] = input.now;
      matches.push({
        key: story.id,
        at: story.lastSeen ?? iso(input.now),
        storyId: story.id,
        current,
        reference: story.velocity?.previous ?? 0,
        mentionIds: story.origin?.mentionId ? [story.origin.mentionId] : [],
        summary: `Fast story: ${storyLink(story)} has ${story.size} mentions and grows at ${current}/h (${ratio}× the previous window, ${average}/h on average)${story.origin?.authorHandle ? `; started by @${story.origin.authorHandle}` : ''}`,
        window: storyWindow(story, input.now),
        details: { size: story.size, averageVelocity: average, uniqueAuthors: story.uniqueAuthors, depth: story.depth, ratio, reach: story.reach, brands: story.brands },
      });
    }
    return { matches, state: s };
  },
};

import { z } from 'zod';

/**
 * `stories:` in rykte.yml: how mentions are grouped into stories and how their spread is
 * measured (docs/stories.md). Explicit references and shared links need no settings; only
 * near-duplicate text and velocity have knobs.
 */
export const storiesConfig = z.strictObject({
  /** Track stories at all. Off: mentions are indexed without `enrichment.story`. @default true */
  enabled: z.boolean().default(true),
  /**
   * Group posts without a stated parent by near-duplicate text. Off for conversation data where
   * only stated replies, quotes and reposts count (research exports). @default true
   */
  groupByText: z.boolean().default(true),
  /**
   * Group posts by the links they share (a share joins the linked article, else the earliest
   * sharer). Off: links never make a parent. @default true
   */
  groupByLinks: z.boolean().default(true),
  /**
   * Near-duplicate texts join the same story only when published at most this far apart. Texts
   * published more than two windows before the newest post are no longer compared.
   * @default 259200 (3 days) @example 86400
   */
  textWindowSecs: z.number().int().min(0).default(259_200),
  /**
   * Word-set similarity (Jaccard of stemmed content words, 0..1) from which two texts count as
   * near-duplicates. Lower groups looser paraphrases and risks unrelated texts. @default 0.5
   */
  textSimilarity: z.number().min(0.05).max(1).default(0.5),
  /** Texts with fewer content words than this never group by text (too little to compare). @default 4 */
  minTextWords: z.number().int().min(1).default(4),
  /** Velocity compares mentions per hour in the last window with the window before. @default 3600 */
  velocityWindowSecs: z.number().int().min(60).default(3600),
  /**
   * Stories up to this many mentions get every metric recomputed on every page. Larger ones are
   * recomputed once they have grown 5% since their last update, so a story of n mentions costs
   * O(n) in total instead of O(n²/page size); their document may lag by under 5% of its size.
   * @default 20000
   */
  largeStoryMentions: z.number().int().min(1).default(20_000),
  /**
   * While a source's run goes on, story documents and moved mentions are written at most this
   * often (and always at the end of the run), so a story touched on every page is rebuilt once
   * per interval instead of once per page. 0: after every page. A write goes on while the next
   * pages are placed; the next one starts once it has finished. @default 2
   */
  writeIntervalSecs: z.number().min(0).default(2),
  /**
   * The working set: mentions kept in memory, the stories touched most recently. Above this,
   * the least recently touched stories are dropped from memory (down to 80%); they stay in
   * Elasticsearch and are reloaded whole when a post refers to them, so metrics stay exact.
   * Near-duplicate text is only matched within the working set. A story is kept or dropped
   * whole, so one story touched on every page may exceed this. About 0.6 KB per mention.
   * @default 20000
   */
  maxTrackedMentions: z.number().int().min(1).default(20_000),
  /**
   * After a restart, stories touched in this period before the newest mention are reloaded from
   * Elasticsearch so near-duplicates and shared links keep joining them. @default 259200
   */
  recoverSecs: z.number().int().min(0).default(259_200),
});
export type StoriesConfig = z.infer<typeof storiesConfig>;

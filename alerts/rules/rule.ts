import { z } from 'zod';
import { duration } from '../duration.ts';

/**
 * The contract every alert rule meets. A rule is pure: a function of its options, its input
 * (windows of counts, story snapshots or mentions the engine queried) and the state it saved
 * last time, returning matches and the next state (plain JSON, kept in the state index).
 * It never calls Elasticsearch, Slack or the clock: the engine and `rykte alerts backtest`
 * run the same code.
 */
export interface Rule<O extends RuleBase = any, S = any> {
  /** The `type` a rule uses in rykte.yml. */
  type: string;
  /** What the engine must query for it. */
  input: 'counts' | 'stories' | 'mentions';
  configSchema: z.ZodType<O>;
  /** How far back the first run looks (seconds), so windows start full instead of empty. */
  lookbackSecs(options: O): number;
  /** Width of the count buckets the engine aggregates (counts rules only). */
  bucketSecs?(options: O): number;
  evaluate(options: O, input: RuleInput, state: S | undefined): { matches: Match[]; state: S };
}

/** One bucket (or one event) of mentions: `count` of them at `at` (epoch ms) for `key`. */
export interface CountEvent {
  at: number;
  key: string;
  count: number;
}

export type RuleInput =
  /** Events (any order); `from`/`until` bound the queried range: windows slide up to `until`. */
  | { kind: 'counts'; events: CountEvent[]; from?: number; until?: number }
  | { kind: 'stories'; stories: StorySnapshot[]; now: number }
  /** The run's mentions, and `seen`: per `brand:author` pair, the earliest other mention of the brand by that author. */
  | { kind: 'mentions'; mentions: MentionLike[]; seen: Record<string, string>; now: number };

export interface Match {
  /** The query_key value, story id or `brand:author` the match is about (`all` without a key). */
  key: string;
  /** When it happened (ISO): for spikes, the oldest event of the current window. */
  at: string;
  /** One sentence: what happened. */
  summary: string;
  current?: number;
  reference?: number;
  storyId?: string;
  mentionIds?: string[];
  /** The time range of the evidence (for Kibana links and top mentions). */
  window?: { from: string; to: string };
  details?: Record<string, unknown>;
}

/** A story document of the stories index (written by the story tracker). */
export interface StorySnapshot {
  id: string;
  title?: string;
  brands?: string[];
  size: number;
  uniqueAuthors?: number;
  depth?: number;
  virality?: number;
  velocity?: { current?: number; previous?: number; ratio?: number };
  firstSeen?: string;
  lastSeen?: string;
  updatedAt?: string;
  origin?: { mentionId?: string; authorHandle?: string; platform?: string; url?: string };
  reach?: number;
  staff?: { started?: unknown; amplified?: unknown; replied?: unknown; named?: unknown; people?: string[] };
  sentiment?: { positive?: number; neutral?: number; negative?: number; mean?: number };
}

/** The fields of a mention the mention rules read. */
export interface MentionLike {
  id: string;
  publishedAt: string;
  url?: string;
  text?: string;
  author: { id?: string; handle?: string; name?: string; followers?: number };
  enrichment: { brands?: string[] };
}

/** Options every rule has, whatever its type; the engine reads them, rules never do. */
export const ruleBase = {
  /** Unique name: the key of the rule's state and silences. @example fjallvind-spike */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, `_`, `.` or `-`'),
  /** @default true */
  enabled: z.boolean().default(true),
  /**
   * After an alert for a key, silence that rule and key for this long (ElastAlert2's `realert`).
   * @default { minutes: 60 }
   * @example { hours: 6 }
   */
  realert: duration.default(3600),
  /**
   * When set, the silence doubles each time the key fires again soon after its silence ended,
   * up to this long (ElastAlert2's `exponential_realert`). @example { days: 1 }
   */
  exponential_realert: duration.optional(),
  /** Elasticsearch query clauses (bool filter) narrowing the mentions counted. @default [] @example [{ term: { 'enrichment.brands': fjallvind } }] */
  filter: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Notifier names to send to (`slack`, `webhook`, `console`). @default every configured notifier */
  notify: z.array(z.enum(['slack', 'webhook', 'console'])).optional(),
};
export interface RuleBase {
  name: string;
  type: string;
  enabled: boolean;
  realert: number;
  exponential_realert?: number;
  filter: Record<string, unknown>[];
  notify?: ('slack' | 'webhook' | 'console')[];
}

export const iso = (ms: number) => new Date(ms).toISOString();

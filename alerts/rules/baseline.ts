import { z } from 'zod';
import { iso, ruleBase, type Match, type Rule, type RuleBase } from './rule.ts';

/**
 * baseline: a seasonal rule. Each complete hour is compared with the same hour of the week over
 * recent weeks, using the median and the median absolute deviation (MAD), which a past spike
 * cannot drag the way a mean would. Monday mornings are busy every week, so they never alert;
 * a Tuesday 03:00 that looks like a Monday morning does.
 */
export const baselineConfig = z.strictObject({
  ...ruleBase,
  type: z.literal('baseline'),
  /** Past weeks of the same hour to compare with. @default 4 */
  weeks: z.number().int().min(1).max(12).default(4),
  /** Weeks of history needed before the rule judges an hour. @default 2 */
  minWeeks: z.number().int().min(1).default(2),
  /** Robust z-score ((current − median) / (1.4826 × MAD)) at which an hour is anomalous. @default 4 */
  threshold: z.number().positive().default(4),
  /** And the current hour must be at least this many times the median (up) or at most 1/this (down). @default 2 */
  minRatio: z.number().min(1).default(2),
  /** Fewest mentions in an hour that can alert upwards. @default 10 */
  minCount: z.number().min(0).default(10),
  /** `up`, `down` or `both`. @default up */
  direction: z.enum(['up', 'down', 'both']).default('up'),
  /** Field that splits the count into one baseline per value. @example enrichment.brands */
  query_key: z.string().min(1).optional(),
  /** Most keys per query. @default 100 */
  maxKeys: z.number().int().min(1).max(10_000).default(100),
});
export type BaselineOptions = z.infer<typeof baselineConfig> & RuleBase;

export interface BaselineState {
  /** Hourly counts per key: hour start (epoch ms) → count. */
  hours: Record<string, Record<string, number>>;
  /** Start of the first hour with data (or of the first queried range): older hours are unknown, not zero. */
  since?: number;
  /** Hours before this one have been judged. */
  judgedUntil?: number;
}

const HOUR = 3_600_000;
const WEEK = 168 * HOUR;
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;

export function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export const baseline: Rule<BaselineOptions, BaselineState> = {
  type: 'baseline',
  input: 'counts',
  configSchema: baselineConfig as unknown as z.ZodType<BaselineOptions>,
  lookbackSecs: (o) => (o.weeks * WEEK + HOUR) / 1000,
  bucketSecs: () => 3600,
  evaluate(o, input, saved) {
    if (input.kind !== 'counts') throw new Error(`baseline rule: expected counts, got ${input.kind}`);
    const s: BaselineState = saved ? structuredClone(saved) : { hours: {} };
    const events = input.events;
    if (s.since === undefined) {
      const first = events.reduce((min, e) => Math.min(min, e.at), input.from ?? Infinity);
      if (first === Infinity) return { matches: [], state: s };
      s.since = floorHour(first);
    }
    for (const e of events) {
      const hours = (s.hours[e.key] ??= {});
      const h = floorHour(e.at);
      hours[h] = (hours[h] ?? 0) + e.count;
    }
    // Hours before the newest one seen are complete: judge each once.
    const latest = events.reduce((max, e) => Math.max(max, e.at), input.until ?? -Infinity);
    const matches: Match[] = [];
    const openHour = floorHour(latest);
    for (let h = s.judgedUntil ?? s.since; h < openHour; h += HOUR) {
      for (const [key, hours] of Object.entries(s.hours)) {
        const history: number[] = [];
        for (let k = 1; k <= o.weeks && h - k * WEEK >= s.since; k++) history.push(hours[h - k * WEEK] ?? 0);
        if (history.length < o.minWeeks) continue;
        const cur = hours[h] ?? 0;
        const med = median(history);
        const mad = median(history.map((x) => Math.abs(x - med)));
        // A MAD of 0 (a perfectly regular hour) would make any change infinitely unusual:
        // floor the scale at the Poisson noise of the median.
        const scale = Math.max(1.4826 * mad, Math.sqrt(Math.max(med, 1)));
        const z = (cur - med) / scale;
        const up = o.direction !== 'down' && cur >= o.minCount && z >= o.threshold && cur >= med * o.minRatio;
        const down = o.direction !== 'up' && -z >= o.threshold && cur * o.minRatio <= med;
        if (!up && !down) continue;
        matches.push({
          key,
          at: iso(h),
          current: cur,
          reference: med,
          summary: `${up ? 'Unusually many' : 'Unusually few'} mentions${key === 'all' ? '' : ` for ${key}`}: ${cur} in the hour from ${iso(h)}, where the same hour of the last ${history.length} weeks had a median of ${med}`,
          window: { from: iso(h), to: iso(h + HOUR) },
          details: { median: med, mad, z: Math.round(z * 100) / 100, history },
        });
      }
    }
    s.judgedUntil = Math.max(s.judgedUntil ?? s.since, openHour);
    // Keep only the hours a future judgement can still read.
    const keepFrom = openHour - o.weeks * WEEK;
    for (const [key, hours] of Object.entries(s.hours)) {
      for (const h of Object.keys(hours)) if (Number(h) < keepFrom) delete hours[h];
      if (Object.keys(hours).length === 0) delete s.hours[key];
    }
    return { matches, state: s };
  },
};

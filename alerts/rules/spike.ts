import { z } from 'zod';
import { positiveDuration, formatSecs } from '../duration.ts';
import { iso, ruleBase, type CountEvent, type Match, type Rule, type RuleBase } from './rule.ts';

/**
 * spike: ElastAlert2's `spike` rule, same options and outcomes, so rules port unchanged.
 * Per key, a current and a reference window of one `timeframe` each slide by event time: an
 * event leaving the current window enters the reference window. Unlike ElastAlert2 the windows
 * are plain JSON state, saved between runs, so a restart loses nothing.
 */
export const spikeConfig = z.strictObject({
  ...ruleBase,
  type: z.literal('spike'),
  /** Length of each window. @example { minutes: 30 } @example { hours: 1 } */
  timeframe: positiveDuration,
  /** How many times larger (up) or smaller (down) the current window must be than the reference. @example 3 */
  spike_height: z.number().positive(),
  /** `up`, `down` or `both`. @default up */
  spike_type: z.enum(['up', 'down', 'both']).default('up'),
  /** The current window needs at least this many mentions to match. @default 0 @example 10 */
  threshold_cur: z.number().min(0).default(0),
  /** The reference window needs at least this many mentions to match. @default 0 @example 5 */
  threshold_ref: z.number().min(0).default(0),
  /** Field that splits the count into one pair of windows per value. @example enrichment.brands */
  query_key: z.string().min(1).optional(),
  /** With `query_key`: a never-seen key may fire once any key's reference window has filled. @default false */
  alert_on_new_data: z.boolean().default(false),
  /** Count buckets the engine aggregates, in seconds. @default timeframe / 60 (at least 1) */
  bucketSecs: z.number().int().min(1).optional(),
  /** Most keys per query (terms aggregation size). @default 100 */
  maxKeys: z.number().int().min(1).max(10_000).default(100),
});
export type SpikeOptions = z.infer<typeof spikeConfig> & RuleBase;

type Entry = [at: number, count: number];
interface Window {
  data: Entry[];
  count: number;
}
interface KeyState {
  cur: Window;
  ref: Window;
}
export interface SpikeState {
  keys: Record<string, KeyState>;
  /** First event per key since its last match: no check before two timeframes of data. */
  first: Record<string, number>;
  /** After a match the key rests until this time (epoch ms). */
  skipUntil: Record<string, number>;
  refFilledOnce: boolean;
}

const empty = (): Window => ({ data: [], count: 0 });

/** Insert in time order; drop the oldest while the window spans a timeframe or more. */
function append(w: Window, entry: Entry, timeframeMs: number, onRemoved?: (e: Entry) => void) {
  let i = w.data.length;
  while (i > 0 && w.data[i - 1]![0] > entry[0]) i--;
  w.data.splice(i, 0, entry);
  w.count += entry[1];
  while (w.data.length && w.data.at(-1)![0] - w.data[0]![0] >= timeframeMs) {
    const oldest = w.data.shift()!;
    w.count -= oldest[1];
    onRemoved?.(oldest);
  }
}

function spikes(o: SpikeOptions, ref: number, cur: number): 'up' | 'down' | undefined {
  if (cur < o.threshold_cur || ref < o.threshold_ref) return undefined;
  if ((o.spike_type === 'up' || o.spike_type === 'both') && cur >= ref * o.spike_height) return 'up';
  if ((o.spike_type === 'down' || o.spike_type === 'both') && cur <= ref / o.spike_height) return 'down';
  return undefined;
}

export const spike: Rule<SpikeOptions, SpikeState> = {
  type: 'spike',
  input: 'counts',
  configSchema: spikeConfig as unknown as z.ZodType<SpikeOptions>,
  lookbackSecs: (o) => 2 * o.timeframe,
  bucketSecs: (o) => o.bucketSecs ?? Math.max(1, Math.floor(o.timeframe / 60)),
  evaluate(o, input, saved) {
    if (input.kind !== 'counts') throw new Error(`spike rule: expected counts, got ${input.kind}`);
    const s: SpikeState = saved ? structuredClone(saved) : { keys: {}, first: {}, skipUntil: {}, refFilledOnce: false };
    const tf = o.timeframe * 1000;
    const matches: Match[] = [];

    const handle = (e: CountEvent) => {
      s.first[e.key] ??= e.at;
      const w = (s.keys[e.key] ??= { cur: empty(), ref: empty() });
      append(w.cur, [e.at, e.count], tf, (old) => append(w.ref, old, tf));
      if (e.at - s.first[e.key]! < 2 * tf) {
        if (!s.refFilledOnce) return;
        if (!(o.query_key && o.alert_on_new_data)) return;
        if (s.skipUntil[e.key] !== undefined && e.at < s.skipUntil[e.key]!) return;
      } else {
        s.refFilledOnce = true;
      }
      const direction = spikes(o, w.ref.count, w.cur.count);
      if (!direction) return;
      // The match is the oldest real event of the current window (placeholders have count 0).
      const oldest = w.cur.data.find(([, c]) => c > 0) ?? w.cur.data.at(-1)!;
      const [cur, ref] = [w.cur.count, w.ref.count];
      matches.push({
        key: e.key,
        at: iso(oldest[0]),
        current: cur,
        reference: ref,
        summary: `${direction === 'up' ? 'Spike' : 'Drop'}: ${cur} mentions${e.key === 'all' ? '' : ` for ${e.key}`} in ${formatSecs(o.timeframe)} from ${iso(oldest[0])}, against ${ref} in the ${formatSecs(o.timeframe)} before`,
        window: { from: iso(oldest[0] - tf), to: iso(e.at) },
        details: { direction, timeframeSecs: o.timeframe, spikeHeight: o.spike_height },
      });
      // ElastAlert2's clear_windows: only the reference window is cleared. The current one is
      // kept, so what slides out of it refills the reference with the raised rate and a steady,
      // already-doubled rate compares equal, not as a second spike against an empty reference.
      // The key is checked again after two timeframes of new data, or (new-data keys) from the
      // match time + 2 × timeframe.
      w.ref = empty();
      delete s.first[e.key];
      s.skipUntil[e.key] = oldest[0] + 2 * tf;
    };

    for (const e of [...input.events].sort((a, b) => a.at - b.at)) handle(e);
    if (input.until !== undefined) {
      // Slide every window to the end of the queried range, as if a count-0 event arrived then.
      for (const key of Object.keys(s.keys)) {
        const w = s.keys[key]!;
        if (key !== 'all' && w.cur.count === 0 && w.ref.count === 0) {
          delete s.keys[key];
          continue;
        }
        handle({ at: input.until, key, count: 0 });
      }
      for (const [key, until] of Object.entries(s.skipUntil)) if (until <= input.until) delete s.skipUntil[key];
    }
    return { matches, state: s };
  },
};

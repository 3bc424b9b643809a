import { describe, expect, it } from 'vitest';
import { spike, type SpikeState } from '../../../alerts/rules/spike.ts';
import type { CountEvent } from '../../../alerts/rules/rule.ts';

const T0 = Date.parse('2026-11-20T00:00:00Z');
const MIN = 60_000;

/** `counts([...])`: one event per minute from `start` (minutes after T0), with these counts. */
function counts(values: number[], key = 'all', start = 0): CountEvent[] {
  return values.map((count, i) => ({ at: T0 + (start + i) * MIN, key, count }));
}
const rule = (options: Record<string, unknown>) => spike.configSchema.parse({ name: 'r', type: 'spike', timeframe: { minutes: 10 }, spike_height: 2, ...options });
const run = (options: Record<string, unknown>, events: CountEvent[], state?: SpikeState, until?: number) =>
  spike.evaluate(rule(options), { kind: 'counts', events, until }, state);
const brief = (m: { key: string; at: string; reference?: number; current?: number }) => [m.key, m.at.slice(11, 16), m.reference, m.current];

describe('spike rule', () => {
  it('stays quiet on a steady rate', () => {
    expect(run({}, counts(Array(60).fill(5))).matches).toEqual([]);
  });

  it('fires once when the current window doubles the reference', () => {
    const { matches } = run({}, counts([...Array(20).fill(5), ...Array(20).fill(10)]));
    // The 10th minute of doubled traffic fills the current window with 100 against 50.
    expect(matches.map(brief)).toEqual([['all', '00:20', 50, 100]]);
    expect(matches[0]!.summary).toBe('Spike: 100 mentions in 10m from 2026-11-20T00:20:00.000Z, against 50 in the 10m before');
  });

  it('fires on a drop with spike_type down, not with up', () => {
    const events = counts([...Array(20).fill(10), ...Array(20).fill(2)]);
    expect(run({ spike_type: 'up' }, events).matches).toEqual([]);
    const down = run({ spike_type: 'down' }, events).matches;
    // At 00:26 the current window (00:17–00:26) holds 3×10 + 7×2 = 44 ≤ 100 / 2.
    expect(down.map(brief)).toEqual([['all', '00:17', 100, 44]]);
    expect(down[0]!.details).toMatchObject({ direction: 'down' });
    expect(run({ spike_type: 'both' }, events).matches.map(brief)).toEqual([['all', '00:17', 100, 44]]);
  });

  it('does not check before two timeframes of data', () => {
    // 1 then 100: a huge jump, but only 11 minutes of data.
    expect(run({}, counts([1, ...Array(10).fill(100)])).matches).toEqual([]);
  });

  it('needs threshold_cur in the current and threshold_ref in the reference window', () => {
    const events = counts([...Array(20).fill(1), ...Array(20).fill(3)]);
    // 00:15–00:24: 5×1 + 5×3 = 20 ≥ 2 × 10.
    expect(run({}, events).matches.map(brief)).toEqual([['all', '00:15', 10, 20]]);
    expect(run({ threshold_cur: 31 }, events).matches).toEqual([]);
    // The reference only reaches 12 (at 00:30), when it is 30 against 12 ≥ 2 × 12.
    expect(run({ threshold_ref: 12 }, events).matches.map(brief)).toEqual([['all', '00:21', 12, 30]]);
    expect(run({ threshold_ref: 15 }, events).matches).toEqual([]);
    expect(run({ threshold_cur: 30, threshold_ref: 10 }, events).matches.map(brief)).toEqual([['all', '00:20', 10, 30]]);
  });

  it('keeps one pair of windows per query_key value', () => {
    const events = [...counts(Array(40).fill(5), 'fjallvind'), ...counts([...Array(20).fill(5), ...Array(20).fill(20)], 'norrsken')];
    const { matches } = run({ query_key: 'enrichment.brands' }, events);
    expect(matches.map(brief)).toEqual([['norrsken', '00:14', 50, 110]]);
  });

  it('lets a never-seen key fire with alert_on_new_data once a reference window has filled', () => {
    const events = [...counts(Array(30).fill(5), 'old'), ...counts(Array(5).fill(3), 'new', 25)];
    expect(run({ query_key: 'k' }, events).matches).toEqual([]);
    const { matches } = run({ query_key: 'k', alert_on_new_data: true }, events);
    expect(matches.map(brief)).toEqual([['new', '00:25', 0, 3]]);
  });

  it('rests a key for two timeframes after a match, then checks again', () => {
    const events = counts([...Array(20).fill(5), ...Array(60).fill(10)]);
    const { matches } = run({}, events);
    // First at 00:29 (match time 00:20); then windows refill from the next event (00:30), steady at 10.
    expect(matches.map(brief)).toEqual([['all', '00:20', 50, 100]]);
    // 40s from 00:50: checked again only from 00:50 (two timeframes after 00:30), fires at 00:53.
    const more = run({}, counts([...Array(20).fill(5), ...Array(30).fill(10), ...Array(20).fill(40)]));
    expect(more.matches.map(brief)).toEqual([['all', '00:20', 50, 100], ['all', '00:44', 100, 220]]);
    // The same jump during the rest (00:30–00:49) does not fire.
    const resting = run({}, counts([...Array(20).fill(5), ...Array(10).fill(10), ...Array(19).fill(40)]));
    expect(resting.matches.map(brief)).toEqual([['all', '00:20', 50, 100]]);
  });

  it('keeps the current window after a match: a steady, already-doubled rate does not fire again', () => {
    // ElastAlert2's clear_windows empties only the reference window. With alert_on_new_data the
    // key is checked again from the match time + 2 × timeframe (00:20 + 20m = 00:40); by then the
    // reference has refilled with the raised rate: 00:31–00:40 = 100 against 00:21–00:30 = 100.
    const events = counts([...Array(20).fill(5), ...Array(40).fill(10)], 'fjallvind');
    const options = { query_key: 'enrichment.brands', alert_on_new_data: true };
    const { matches, state } = run(options, events);
    expect(matches.map(brief)).toEqual([['fjallvind', '00:20', 50, 100]]);
    expect(state.skipUntil).toEqual({ fjallvind: T0 + 40 * MIN });
    expect(state.keys.fjallvind!.ref.count).toBe(100);
    // A real jump after that still fires: at 00:54, 00:45–00:54 = 5×10 + 5×30 against 00:35–00:44 = 100.
    const jump = run(options, counts([...Array(20).fill(5), ...Array(30).fill(10), ...Array(10).fill(30)], 'fjallvind'));
    expect(jump.matches.map(brief)).toEqual([['fjallvind', '00:20', 50, 100], ['fjallvind', '00:45', 100, 200]]);
  });

  it('slides windows by event time: a quiet hour moves counts from the current to the reference window', () => {
    // 10 a minute until 00:19, then nothing until the end of the next query range (00:35): the
    // counts slide into the reference window (00:11–00:20 = 90) and the current window is empty.
    const events = counts([...Array(20).fill(10)]);
    const first = run({ spike_type: 'down' }, events, undefined, T0 + 20 * MIN);
    expect(first.matches).toEqual([]);
    const later = run({ spike_type: 'down' }, [], first.state, T0 + 35 * MIN);
    expect(later.matches.map(brief)).toEqual([['all', '00:35', 90, 0]]);
  });

  it('gives the same matches when the data arrives in pieces with state saved in between', () => {
    const events = counts([...Array(20).fill(5), ...Array(20).fill(10)], 'a');
    const whole = run({ query_key: 'k' }, events).matches;
    let state: SpikeState | undefined;
    const pieces = [];
    for (let i = 0; i < events.length; i += 7) {
      const r = run({ query_key: 'k' }, events.slice(i, i + 7), state ? JSON.parse(JSON.stringify(state)) : undefined);
      state = r.state;
      pieces.push(...r.matches);
    }
    expect(pieces).toEqual(whole);
    expect(whole).toHaveLength(1);
  });

  it('accepts ElastAlert2 durations and rejects unknown options', () => {
    expect(rule({ timeframe: { hours: 1, minutes: 30 } }).timeframe).toBe(5400);
    expect(rule({ timeframe: 90 }).timeframe).toBe(90);
    expect(() => rule({ timeframe: { fortnights: 1 } })).toThrow(/fortnights/);
    expect(() => rule({ spike_heigth: 2 })).toThrow(/spike_heigth/);
  });
});

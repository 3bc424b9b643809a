import { describe, expect, it } from 'vitest';
import { baseline, median } from '../../../alerts/rules/baseline.ts';
import { spike } from '../../../alerts/rules/spike.ts';
import type { CountEvent } from '../../../alerts/rules/rule.ts';

const HOUR = 3_600_000;
// A Monday, 00:00 UTC.
const START = Date.parse('2026-10-26T00:00:00Z');

/** A brand's week: quiet nights, busy office hours, a lunch peak, calm weekends; ±20 % wobble. */
function rhythm(h: number): number {
  const hourOfDay = (h % 24);
  const weekend = Math.floor(h / 24) % 7 >= 5;
  const base = hourOfDay < 7 ? 2 : hourOfDay < 9 ? 10 : hourOfDay === 12 ? 40 : hourOfDay < 18 ? 25 : 8;
  const wobble = 1 + 0.2 * Math.sin(h * 2.3) * Math.cos(h / 5);
  return Math.round(base * (weekend ? 0.4 : 1) * wobble);
}
function weeksOfRhythm(weeks: number, extra: Record<number, number> = {}): CountEvent[] {
  return Array.from({ length: weeks * 168 }, (_, h) => ({ at: START + h * HOUR + 17 * 60_000, key: 'all', count: extra[h] ?? rhythm(h) }));
}
const options = baseline.configSchema.parse({ name: 'b', type: 'baseline' });

describe('baseline rule', () => {
  it('takes the median of the history', () => {
    expect(median([5, 1, 100, 3])).toBe(4);
    expect(median([7, 1, 3])).toBe(3);
  });

  it('never alerts on the daily and weekly rhythm', () => {
    const { matches } = baseline.evaluate(options, { kind: 'counts', events: weeksOfRhythm(5), until: START + 5 * 168 * HOUR }, undefined);
    expect(matches).toEqual([]);
    // The same weeks through a plain spike rule: every morning looks like a spike.
    const naive = spike.configSchema.parse({ name: 's', type: 'spike', timeframe: { hours: 1 }, spike_height: 2, threshold_cur: 10 });
    expect(spike.evaluate(naive, { kind: 'counts', events: weeksOfRhythm(5) }, undefined).matches.length).toBe(35);
  });

  it('alerts on a night that looks like office hours, once, with the median it broke', () => {
    // Week 5, Tuesday 03:00: 30 mentions where the same hour had 1–2.
    const anomaly = 4 * 168 + 24 + 3;
    const { matches } = baseline.evaluate(options, { kind: 'counts', events: weeksOfRhythm(5, { [anomaly]: 30 }), until: START + 5 * 168 * HOUR }, undefined);
    expect(matches.map((m) => [m.key, m.at, m.current, m.reference])).toEqual([['all', '2026-11-24T03:00:00.000Z', 30, 2]]);
    expect(matches[0]!.details).toMatchObject({ history: [2, 2, 2, 2] });
  });

  it('judges an hour only once it is complete, across runs with saved state', () => {
    const events = weeksOfRhythm(5, { [4 * 168 + 24 + 3]: 30 });
    const cut = events.findIndex((e) => e.at > START + (4 * 168 + 24 + 3) * HOUR);
    const first = baseline.evaluate(options, { kind: 'counts', events: events.slice(0, cut + 1) }, undefined);
    // The anomalous hour's only event is in, but the hour has not ended yet.
    expect(first.matches).toEqual([]);
    const second = baseline.evaluate(options, { kind: 'counts', events: events.slice(cut + 1), until: START + 5 * 168 * HOUR }, JSON.parse(JSON.stringify(first.state)));
    expect(second.matches.map((m) => m.at)).toEqual(['2026-11-24T03:00:00.000Z']);
  });

  it('needs minWeeks of history before it judges', () => {
    const { matches } = baseline.evaluate(options, { kind: 'counts', events: weeksOfRhythm(1, { 30: 500 }).concat(weeksOfRhythm(2).slice(168)), until: START + 2 * 168 * HOUR }, undefined);
    expect(matches).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { staffInvolved } from '../../../alerts/rules/staff-involved.ts';
import { NOW, story, storiesInput } from '../../helpers/stories.ts';

describe('staff-involved rule', () => {
  const o = staffInvolved.configSchema.parse({ name: 'staff', type: 'staff-involved' });

  it('fires for a growing negative story that staff amplified, naming who', () => {
    const s = story({ id: 'amp', staff: { started: false, amplified: true, replied: false, named: false, people: ['anna'] } });
    const { matches } = staffInvolved.evaluate(o, storiesInput([s]), undefined);
    expect(matches.map((m) => [m.key, m.details?.relations, m.details?.people])).toEqual([['amp', ['amplified'], ['anna']]]);
    expect(matches[0]!.summary).toBe('Negative story involving staff (amplified: anna): "Fjällvind jackor tillverkas i Kina" has 40 mentions, 2/h');
  });

  it('ignores positive stories, stories without staff, and stories that stopped growing', () => {
    const staff = { started: true, amplified: false, replied: false, named: false, people: ['anna'] };
    const stalled = story({ id: 'stalled', staff, velocity: { current: 0, previous: 3, ratio: 0 } });
    const stories = [story({ id: 'happy', staff, sentiment: { positive: 30, neutral: 5, negative: 5, mean: 0.5 } }), story({ id: 'nostaff' }), stalled];
    const first = staffInvolved.evaluate(o, storiesInput(stories), undefined);
    expect(first.matches).toEqual([]);
    // The stalled story gains mentions by the next run: growing again, so it fires.
    const next = staffInvolved.evaluate(o, storiesInput([{ ...stalled, size: 45 }], NOW + 60_000), first.state);
    expect(next.matches.map((m) => m.key)).toEqual(['stalled']);
  });

  it('counts a majority of negative mentions as negative even with a mild mean', () => {
    const s = story({ id: 'named', staff: { started: false, amplified: false, replied: false, named: true, people: ['erik'] }, sentiment: { positive: 1, neutral: 3, negative: 6, mean: -0.1 } });
    expect(staffInvolved.evaluate(o, storiesInput([s]), undefined).matches.map((m) => m.details?.relations)).toEqual([['named']]);
  });
});

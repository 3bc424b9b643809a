import { describe, expect, it } from 'vitest';
import { storyVelocity } from '../../../alerts/rules/story-velocity.ts';
import { NOW, story, storiesInput } from '../../helpers/stories.ts';

describe('story-velocity rule', () => {
  const o = storyVelocity.configSchema.parse({ name: 'fast', type: 'story-velocity', minSize: 10, minVelocity: 20, minRatio: 4 });

  it('fires once for a story growing faster than the set rate, not for a slow one or a small one', () => {
    const stories = [story({ id: 'fast', velocity: { current: 25, previous: 10, ratio: 2.5 } }), story({ id: 'slow' }), story({ id: 'small', size: 5, velocity: { current: 50, previous: 1, ratio: 50 } })];
    const first = storyVelocity.evaluate(o, storiesInput(stories), undefined);
    expect(first.matches.map((m) => [m.key, m.storyId, m.current, m.reference, m.mentionIds])).toEqual([['fast', 'fast', 25, 10, ['x:1']]]);
    expect(first.matches[0]!.summary).toBe('Fast story: "Fjällvind jackor tillverkas i Kina" has 40 mentions and grows at 25/h (2.5× the previous window, 8.28/h on average); started by @rykten');
    // Next run: still fast, but it has alerted already.
    expect(storyVelocity.evaluate(o, storiesInput(stories, NOW + 60_000), first.state).matches).toEqual([]);
  });

  it('fires when the velocity ratio passes its threshold', () => {
    const { matches } = storyVelocity.evaluate(o, storiesInput([story({ id: 'accel', velocity: { current: 12, previous: 2, ratio: 6 } })]), undefined);
    expect(matches.map((m) => m.key)).toEqual(['accel']);
  });

  it('only watches the configured brands', () => {
    const only = storyVelocity.configSchema.parse({ name: 'f', type: 'story-velocity', brands: ['norrsken'] });
    expect(storyVelocity.evaluate(only, storiesInput([story({ velocity: { current: 99, previous: 1, ratio: 99 } })]), undefined).matches).toEqual([]);
  });

  it('can judge a story after the fact by its average rate over its life', () => {
    // 40 mentions from 09:00 to 13:50: 8.28/h on average, though it has slowed to 2/h now.
    const sustained = storyVelocity.configSchema.parse({ name: 'f', type: 'story-velocity', minVelocity: 20, minRatio: 4, minAverageVelocity: 8 });
    expect(storyVelocity.evaluate(o, storiesInput([story()]), undefined).matches).toEqual([]);
    const { matches } = storyVelocity.evaluate(sustained, storiesInput([story(), story({ id: 'long', lastSeen: '2026-11-21T09:00:00Z' })]), undefined);
    expect(matches.map((m) => [m.key, m.details?.averageVelocity])).toEqual([['s1', 8.28]]);
  });
});

import type { StorySnapshot } from '../../alerts/rules/rule.ts';

export const NOW = Date.parse('2026-11-20T14:00:00Z');

/** A story document as the story tracker writes it; override what the test is about. */
export function story(overrides: Partial<StorySnapshot> = {}): StorySnapshot {
  return {
    id: 's1',
    title: 'Fjällvind jackor tillverkas i Kina',
    brands: ['fjallvind'],
    size: 40,
    uniqueAuthors: 30,
    depth: 4,
    velocity: { current: 2, previous: 2, ratio: 1 },
    firstSeen: '2026-11-20T09:00:00Z',
    lastSeen: '2026-11-20T13:50:00Z',
    origin: { mentionId: 'x:1', authorHandle: 'rykten', platform: 'x', url: 'https://x.com/rykten/status/1' },
    staff: { started: false, amplified: false, replied: false, named: false, people: [] },
    sentiment: { positive: 2, neutral: 8, negative: 30, mean: -0.6 },
    ...overrides,
  };
}
export const storiesInput = (stories: StorySnapshot[], now = NOW) => ({ kind: 'stories' as const, stories, now });

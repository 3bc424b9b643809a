import type { AlertDoc } from '../../alerts/alert.ts';

/** An alert document with sensible defaults; override what the test is about. */
export function alertDoc(overrides: Partial<AlertDoc> = {}): AlertDoc {
  return {
    id: 'a1b2c3',
    '@timestamp': '2026-11-20T10:31:00.000Z',
    rule: 'fjallvind-spike',
    type: 'spike',
    key: 'fjallvind',
    matchTime: '2026-11-20T10:00:00.000Z',
    summary: 'Spike: 120 mentions for fjallvind in 30m from 2026-11-20T10:00:00.000Z, against 20 in the 30m before',
    current: 120,
    reference: 20,
    mentionIds: ['x:1'],
    topMentions: [{ id: 'x:1', url: 'https://x.com/eva/status/1', author: 'eva', followers: 5400, text: 'Fjällvind tillverkar i Kina?', publishedAt: '2026-11-20T10:00:00Z' }],
    window: { from: '2026-11-20T09:30:00.000Z', to: '2026-11-20T10:30:00.000Z' },
    notifications: [],
    ...overrides,
  };
}

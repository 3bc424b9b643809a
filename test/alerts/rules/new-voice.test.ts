import { describe, expect, it } from 'vitest';
import { newVoice } from '../../../alerts/rules/new-voice.ts';
import type { MentionLike } from '../../../alerts/rules/rule.ts';
import { NOW } from '../../helpers/stories.ts';

describe('new-voice rule', () => {
  const o = newVoice.configSchema.parse({ name: 'voice', type: 'new-voice', minFollowers: 10_000 });
  const m = (id: string, handle: string, followers: number, brands: string[], publishedAt = '2026-11-20T10:00:00Z'): MentionLike => ({ id, publishedAt, author: { handle, followers }, enrichment: { brands } });

  it('fires when a big account mentions a brand for the first time, once per brand and author', () => {
    const mentions = [
      m('x:1', 'journalist', 50_000, ['fjallvind'], '2026-11-20T10:00:00Z'),
      m('x:2', 'journalist', 50_000, ['fjallvind'], '2026-11-20T10:05:00Z'),
      m('x:3', 'regular', 50_000, ['fjallvind']),
      m('x:4', 'small', 200, ['fjallvind']),
    ];
    const { matches } = newVoice.evaluate(o, { kind: 'mentions', mentions, seen: ['fjallvind:regular'], now: NOW }, undefined);
    expect(matches.map((x) => [x.key, x.at, x.mentionIds])).toEqual([['fjallvind:journalist', '2026-11-20T10:00:00Z', ['x:1']]]);
    expect(matches[0]!.summary).toBe('New voice: @journalist (50000 followers) mentions fjallvind for the first time');
  });
});

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
      // Its other mention of the brand came later (a follower count below the threshold then): this one is the first.
      m('x:5', 'latecomer', 30_000, ['fjallvind'], '2026-11-20T10:30:00Z'),
    ];
    const { matches } = newVoice.evaluate(o, { kind: 'mentions', mentions, seen: { 'fjallvind:regular': '2026-11-19T08:00:00Z', 'fjallvind:latecomer': '2026-11-20T11:00:00Z' }, now: NOW }, undefined);
    expect(matches.map((x) => [x.key, x.at, x.mentionIds])).toEqual([
      ['fjallvind:journalist', '2026-11-20T10:00:00Z', ['x:1']],
      ['fjallvind:latecomer', '2026-11-20T10:30:00Z', ['x:5']],
    ]);
    expect(matches[0]!.summary).toBe('New voice: @journalist (50000 followers) mentions fjallvind for the first time');
  });

  it('announces a voice once, even when an older mention of theirs arrives late', () => {
    const first = newVoice.evaluate(o, { kind: 'mentions', mentions: [m('x:1', 'journalist', 50_000, ['fjallvind'], '2026-11-20T10:00:00Z')], seen: {}, now: NOW }, undefined);
    expect(first.matches).toHaveLength(1);
    // A feed delivers an older post by the same author in the next run.
    const late = newVoice.evaluate(o, { kind: 'mentions', mentions: [m('x:0', 'journalist', 50_000, ['fjallvind'], '2026-11-20T09:00:00Z')], seen: { 'fjallvind:journalist': '2026-11-20T10:00:00Z' }, now: NOW + 60_000 }, JSON.parse(JSON.stringify(first.state)));
    expect(late.matches).toEqual([]);
  });
});

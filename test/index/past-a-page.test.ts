import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeStories, newVoiceCandidates } from '../../alerts/query.ts';
import { newVoice } from '../../alerts/rules/new-voice.ts';
import { recentStories, storiesOf } from '../../index/stories.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';
import { story } from '../helpers/stories.ts';

/** Reads that once stopped at their first page (1,000 hits, 10,000 buckets) without saying so. */
let env: Awaited<ReturnType<typeof testPipeline>>;
const t0 = Date.parse('2026-11-20T10:00:00Z');
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
const write = (mentions: Mention[]) => writeMentions(env.client, env.names, mentions, { refresh: true, deadLetterFile: '/dev/null' });

beforeAll(async () => (env = await testPipeline()));
afterAll(() => env.cleanup());

describe('reads past their first page', () => {
  it('activeStories: every one of 1,234 stories active in the window', async () => {
    const ops = Array.from({ length: 1_234 }, (_, i) => [{ index: { _index: env.names.index('stories'), _id: `s${i}` } }, { ...story({ id: `s${i}` }), lastSeen: iso(i) }]).flat();
    await env.client.bulk({ refresh: true, operations: ops });
    const active = await activeStories(env.client, env.names, t0, t0 + 3_600_000);
    expect(active.length).toBe(1_234);
    expect([active[0]!.id, active.at(-1)!.id]).toEqual(['s1233', 's0']);
  });

  it('newVoiceCandidates: 1,234 mentions by big accounts, an author in two thousands, one seen before', async () => {
    const big = (i: number, author: string, at: number) => mention({ nativeId: `nv${i}`, publishedAt: iso(at), author: { id: author, handle: author, followers: 50_000 }, enrichment: { brands: ['fjallvind'] } });
    const mentions = Array.from({ length: 1_233 }, (_, i) => big(i, `a${i}`, 7200 + i));
    mentions.push(big(1_233, 'a7', 7200 + 1_500)); // a7 again, in the second thousand
    mentions.push(big(9_999, 'a1200', 10)); // a1200 wrote about the brand before the window
    await write(mentions);
    const range = { from: t0 + 7_200_000, to: t0 + 7_200_000 + 3_600_000 };
    const input = await newVoiceCandidates(env.client, env.names, range, 10_000);
    expect(input.mentions.length).toBe(1_234);
    expect([input.seen['fjallvind:a7'], input.seen['fjallvind:a1200'], input.seen['fjallvind:a5']]).toEqual([iso(7200 + 7), iso(10), undefined]);
    const { matches } = newVoice.evaluate({ minFollowers: 10_000 } as never, { kind: 'mentions', ...input, now: t0 + 20_000_000 }, undefined);
    // Every author once, at their first mention, except the one seen before.
    expect(matches.length).toBe(1_232);
    expect(matches.find((m) => m.key === 'fjallvind:a7')!.mentionIds).toEqual(['x:nv7']);
    expect(matches.some((m) => m.key === 'fjallvind:a1200')).toBe(false);
  });

  it('storiesOf: a link shared in 10,001 stories brings every one of them', async () => {
    const link = 'https://blogg.example/viral';
    await write(Array.from({ length: 10_001 }, (_, i) => mention({ nativeId: `l${i}`, publishedAt: iso(20_000 + i), enrichment: { links: [link], story: { id: `story-${i}`, depth: 0 } } })));
    const { stories } = await storiesOf(env.client, env.names, [], [link]);
    expect(stories.length).toBe(10_001);
    expect(new Set(stories).size).toBe(10_001);
  });

  it('recentStories: the most recently active stories the working set holds, and how many mentions stay out', async () => {
    const own = await testPipeline();
    try {
      // Stories of 3, 2, 2 and 1 mentions, last active in that order (newest last).
      const sizes = [['old', 3], ['mid', 2], ['new', 2], ['newest', 1]] as const;
      let n = 0;
      await writeMentions(own.client, own.names, sizes.flatMap(([id, size], k) => Array.from({ length: size }, () => mention({ nativeId: `r${n++}`, publishedAt: iso(k * 60 + n), enrichment: { story: { id, depth: 0 } } }))), { refresh: true, deadLetterFile: '/dev/null' });
      expect(await recentStories(own.client, own.names, 86_400, 4)).toEqual({ stories: ['newest', 'new'], left: 5 });
      expect(await recentStories(own.client, own.names, 86_400, 100)).toEqual({ stories: ['newest', 'new', 'mid', 'old'], left: 0 });
    } finally {
      await own.cleanup();
    }
  });
});

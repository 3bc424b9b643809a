import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchMentions } from '../../index/search.ts';
import { writeMentions } from '../../index/writer.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
beforeAll(async () => {
  env = await testPipeline();
  await writeMentions(
    env.client,
    env.names,
    [
      mention({ nativeId: 's1', text: 'Fjällvind flyttar produktionen till Kina', publishedAt: '2026-11-20T09:00:00Z', author: { handle: 'granskaren', id: '77' }, enrichment: { brands: ['fjallvind'], topics: ['produktion'], sentiment: { score: -2, label: 'negative' } } }),
      mention({ nativeId: 's2', text: 'Stämmer inte, produktionen stannar i Umeå', publishedAt: '2026-11-20T10:00:00Z', author: { handle: 'anna' }, enrichment: { brands: ['fjallvind'], topics: ['produktion'], staff: { authoredBy: ['anna'], people: ['anna'] } } }),
      mention({ nativeId: 's3', text: 'Ny vindjacka provad i fjällen', publishedAt: '2026-11-18T12:00:00Z', platform: 'mastodon', enrichment: { brands: ['fjallvind'], products: ['vindjacka'] } }),
      mention({ nativeId: 's4', text: 'Helt orelaterat om väder', publishedAt: '2026-11-17T12:00:00Z', language: 'sv' }),
    ],
    { refresh: true, deadLetterFile: '/dev/null' },
  );
});
afterAll(() => env.cleanup());

const ids = async (q: Parameters<typeof searchMentions>[2]) => {
  const r = await searchMentions(env.client, env.names, q);
  return [r.total, r.mentions.map((m) => m.nativeId)];
};

describe('search', () => {
  it('finds all mentions newest first with an exact total', async () => {
    expect(await ids({})).toEqual([4, ['s2', 's1', 's3', 's4']]);
    expect(await ids({ sort: 'oldest', size: 2 })).toEqual([4, ['s4', 's3']]);
  });

  it('matches free text with all words required', async () => {
    expect(await ids({ text: 'produktionen' })).toEqual([2, ['s2', 's1']]);
    expect(await ids({ text: 'produktionen kina' })).toEqual([1, ['s1']]);
    expect(await ids({ text: 'produktionen -kina' })).toEqual([1, ['s2']]);
    expect(await ids({ text: '"till Kina"' })).toEqual([1, ['s1']]);
  });

  it('filters by brand, product, topic, author, staff, platform and time range', async () => {
    expect(await ids({ brand: 'fjallvind' })).toEqual([3, ['s2', 's1', 's3']]);
    expect(await ids({ product: 'vindjacka' })).toEqual([1, ['s3']]);
    expect(await ids({ topic: 'produktion', sentiment: 'negative' })).toEqual([1, ['s1']]);
    expect(await ids({ author: '@granskaren' })).toEqual([1, ['s1']]);
    expect(await ids({ author: '77' })).toEqual([1, ['s1']]);
    expect(await ids({ staff: 'anna' })).toEqual([1, ['s2']]);
    expect(await ids({ platform: 'mastodon' })).toEqual([1, ['s3']]);
    expect(await ids({ from: '2026-11-18', to: '2026-11-20T09:30:00Z' })).toEqual([2, ['s1', 's3']]);
  });

  it('answers an empty result, not an error, before anything is indexed', async () => {
    const { indexNames } = await import('../../index/names.ts');
    expect(await searchMentions(env.client, indexNames('nothing-here'), { text: 'x' })).toEqual({ total: 0, mentions: [] });
  });
});

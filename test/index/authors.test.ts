import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorsReport } from '../../index/authors.ts';
import { writeMentions } from '../../index/writer.ts';
import type { SentimentLabel } from '../../model/mention.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let n = 0;
const label = (score: number): SentimentLabel => (score >= 2 ? 'positive' : score <= -2 ? 'negative' : 'neutral');
const by = (handle: string, followers: number, score: number, extra: { brands?: string[]; staff?: boolean } = {}) =>
  mention({
    nativeId: `a${++n}`,
    author: { handle, followers },
    enrichment: {
      brands: extra.brands ?? ['fjallvind'],
      sentiment: { score, label: label(score) },
      ...(extra.staff ? { staff: { authoredBy: ['anna'], people: ['anna'] } } : {}),
    },
  });

beforeAll(async () => {
  env = await testPipeline();
  await writeMentions(
    env.client,
    env.names,
    [
      by('eva', 100, 3), by('eva', 150, 3), by('eva', 120, 2), by('eva', 120, -1),
      by('eva', 9999, 3, { brands: [] }),
      by('olle', 5000, -3), by('olle', 5000, -3), by('olle', 4000, -2),
      by('kim', 50, 3), by('kim', 50, 3), by('kim', 50, -3),
      by('annalindqvist', 800, 3, { staff: true }), by('annalindqvist', 800, 3, { staff: true }), by('annalindqvist', 800, 3, { staff: true }),
      by('lisa', 10, 2, { brands: ['annat'] }), by('lisa', 10, 2, { brands: ['annat'] }), by('lisa', 10, 2, { brands: ['annat'] }),
    ],
    { refresh: true, deadLetterFile: '/dev/null' },
  );
});
afterAll(() => env.cleanup());

const rules = { minMentions: 3, minMeanScore: 1 };

describe('authors report', () => {
  it('ranks the brand\'s top authors by mentions, then by reach (largest follower count)', async () => {
    const r = await authorsReport(env.client, env.names, { brand: 'fjallvind', ...rules });
    expect(r.top.map((a) => [a.handle, a.mentions, a.reach])).toEqual([
      ['eva', 4, 150],
      ['annalindqvist', 3, 800],
      ['kim', 3, 50],
      ['olle', 3, 5000],
    ]);
    expect(r.top[0]).toEqual({ handle: 'eva', mentions: 4, reach: 150, positive: 3, negative: 0, meanSentiment: 1.75 });
    const byReach = await authorsReport(env.client, env.names, { brand: 'fjallvind', by: 'reach', size: 2, ...rules });
    expect(byReach.top.map((a) => a.handle)).toEqual(['olle', 'annalindqvist']);
  });

  it('finds advocates: repeatedly positive, mean tone above the threshold, staff left out', async () => {
    const r = await authorsReport(env.client, env.names, { brand: 'fjallvind', ...rules });
    expect(r.advocates.map((a) => a.handle)).toEqual(['eva']);
    const anyBrand = await authorsReport(env.client, env.names, rules);
    expect(anyBrand.advocates.map((a) => [a.handle, a.positive, a.meanSentiment])).toEqual([
      ['eva', 3, 1.75],
      ['lisa', 3, 2],
    ]);
    const strict = await authorsReport(env.client, env.names, { brand: 'fjallvind', minMentions: 3, minMeanScore: 2 });
    expect(strict.advocates).toEqual([]);
  });

  it('finds detractors: repeatedly negative with a mean tone below minus the threshold', async () => {
    const r = await authorsReport(env.client, env.names, { brand: 'fjallvind', ...rules });
    expect(r.detractors).toEqual([{ handle: 'olle', mentions: 3, reach: 5000, positive: 0, negative: 3, meanSentiment: -2.67 }]);
    const loose = await authorsReport(env.client, env.names, { brand: 'fjallvind', minMentions: 1, minMeanScore: 0 });
    expect(loose.detractors.map((a) => a.handle)).toEqual(['olle']);
  });
});

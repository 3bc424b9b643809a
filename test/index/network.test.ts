import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkReport } from '../../index/network.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let indexed: Mention[];
const staff = [
  { id: 'anna', name: 'Anna Lindqvist', accounts: { x: ['annalindqvist'] } },
  { id: 'erik', name: 'Erik Johansson', accounts: { x: ['erikjo_pr'] } },
];
const parent = (authorHandle: string) => ({ id: `p-${authorHandle}`, authorHandle });

beforeAll(async () => {
  env = await testPipeline({ staff });
  // Run through the real enricher: attribution and sentiment (bra +3, dålig -3, blå 0) decide the numbers.
  indexed = [
    mention({ nativeId: 'n1', author: { handle: 'kund1' }, text: 'bra', language: 'sv', references: { replyTo: parent('annalindqvist') } }),
    mention({ nativeId: 'n2', author: { handle: 'kund1' }, text: 'dålig', language: 'sv', references: { quoteOf: parent('annalindqvist') } }),
    mention({ nativeId: 'n3', author: { handle: 'kund1' }, text: '@annalindqvist @erikjo_pr bra', language: 'sv' }),
    mention({ nativeId: 'n4', author: { handle: 'kund2' }, text: 'blå', language: 'sv', references: { repostOf: parent('erikjo_pr') } }),
    mention({ nativeId: 'n5', author: { handle: 'kund2' }, text: 'dålig', language: 'sv', references: { replyTo: parent('erikjo_pr') } }),
    mention({ nativeId: 'n6', author: { handle: 'erikjo_pr' }, text: 'bra', language: 'sv', references: { replyTo: parent('annalindqvist') } }),
    mention({ nativeId: 'n7', author: { handle: 'annalindqvist' }, text: '@annalindqvist bra', language: 'sv' }),
    mention({ nativeId: 'n8', author: { handle: 'kund3' }, text: 'blå', language: 'sv' }),
  ].map(env.pipeline.enrich);
  await writeMentions(env.client, env.names, indexed, { refresh: true, deadLetterFile: '/dev/null' });
});
afterAll(() => env.cleanup());

describe('network report', () => {
  it('attributes the test mentions as designed', () => {
    expect(indexed.map((m) => [m.nativeId, m.enrichment.staff?.people ?? [], m.enrichment.sentiment?.score])).toEqual([
      ['n1', ['anna'], 3],
      ['n2', ['anna'], -3],
      ['n3', ['anna', 'erik'], 3],
      ['n4', ['erik'], 0],
      ['n5', ['erik'], -3],
      ['n6', ['anna', 'erik'], 3],
      ['n7', ['anna'], 3],
      ['n8', [], 0],
    ]);
  });

  it('lists, per staff member, the accounts that engage with them, by relation and tone', async () => {
    const r = await networkReport(env.client, env.names, { staff: ['anna', 'erik'] });
    expect(r.staff.anna).toEqual([
      { handle: 'kund1', total: 3, repliesTo: 1, quotes: 1, reposts: 0, mentions: 1, positive: 2, negative: 1, meanSentiment: 1 },
      { handle: 'erikjo_pr', total: 1, repliesTo: 1, quotes: 0, reposts: 0, mentions: 0, positive: 1, negative: 0, meanSentiment: 3 },
    ]);
    expect(r.staff.erik).toEqual([
      { handle: 'kund2', total: 2, repliesTo: 1, quotes: 0, reposts: 1, mentions: 0, positive: 0, negative: 1, meanSentiment: -1.5 },
      { handle: 'kund1', total: 1, repliesTo: 0, quotes: 0, reposts: 0, mentions: 1, positive: 1, negative: 0, meanSentiment: 3 },
    ]);
  });

  it('lists, for the company, outside accounts engaging with any staff member', async () => {
    const r = await networkReport(env.client, env.names, { staff: ['anna', 'erik'], size: 1 });
    expect(r.company).toEqual([
      { handle: 'kund1', total: 3, repliesTo: 1, quotes: 1, reposts: 0, mentions: 1, positive: 2, negative: 1, meanSentiment: 1, staff: ['anna', 'erik'] },
    ]);
    expect(r.staff.anna).toHaveLength(1);
  });

  it('lists every staff member an account engaged, however large the roster, also for one person\'s report', async () => {
    const roster = Array.from({ length: 60 }, (_, i) => ({ id: `s${i}`, name: `Staff ${i}`, accounts: { x: [`staff${i}`] } }));
    const own = await testPipeline({ staff: roster });
    try {
      const m = own.pipeline.enrich(mention({ nativeId: 'all', author: { handle: 'fan' }, text: roster.map((s) => `@${s.accounts.x[0]}`).join(' '), language: 'sv' }));
      expect(m.enrichment.staff?.people?.length).toBe(60);
      await writeMentions(own.client, own.names, [m], { refresh: true, deadLetterFile: '/dev/null' });
      const report = await networkReport(own.client, own.names, { staff: ['s0'], roster: 60 });
      expect(report.company.map((r) => [r.handle, r.staff?.length])).toEqual([['fan', 60]]);
    } finally {
      await own.cleanup();
    }
  });
});

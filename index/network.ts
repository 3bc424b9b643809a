import type { Client, estypes } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';
import { dateRange, readTone, toneAggs, type Tone } from './tone.ts';

/**
 * The company's network as the sum of its people's: per staff member, the accounts that reply
 * to, quote, repost or mention them, how often and in what tone; and for the company, every
 * outside account that interacts with any staff member. A person's own posts never count as
 * interacting with themselves. Accounts are keyed by `author.handle`.
 */
export const interactions = ['repliesTo', 'quotes', 'reposts', 'mentions'] as const;
export type Interaction = (typeof interactions)[number];

export interface AccountRow extends Tone {
  handle: string;
  /** Mentions by this account that touch the person (or, for the company, any staff). */
  total: number;
  repliesTo: number;
  quotes: number;
  reposts: number;
  mentions: number;
  /** Company rows: the staff members this account interacts with. */
  staff?: string[];
}

export interface NetworkReport {
  company: AccountRow[];
  staff: Record<string, AccountRow[]>;
}

export interface NetworkQuery {
  staff: string[];
  from?: string;
  to?: string;
  /** Accounts per person and for the company. @default 10 */
  size?: number;
  /** Staff members in the config: the most an account can have engaged. @default staff.length */
  roster?: number;
}

/** `staffSize`: with it, the staff people each account engaged (the roster's size: all of them). */
function accountAggs(size: number, relationFilter: (r: Interaction) => estypes.QueryDslQueryContainer, staffSize?: number) {
  return {
    terms: { field: 'author.handle', size, order: [{ _count: 'desc' }, { _key: 'asc' }] as estypes.AggregationsAggregateOrder },
    aggs: {
      ...toneAggs,
      ...Object.fromEntries(interactions.map((r) => [r, { filter: relationFilter(r) }])),
      ...(staffSize ? { staff: { terms: { field: 'enrichment.staff.people', size: staffSize } } } : {}),
    },
  } satisfies estypes.AggregationsAggregationContainer;
}

function rows(agg: any): AccountRow[] {
  return (agg?.buckets ?? []).map((b: any) => ({
    handle: b.key,
    total: b.doc_count,
    ...Object.fromEntries(interactions.map((r) => [r, b[r].doc_count])),
    ...readTone(b),
    ...(b.staff ? { staff: b.staff.buckets.map((s: any) => s.key).sort() } : {}),
  }));
}

export async function networkReport(client: Client, names: IndexNames, q: NetworkQuery): Promise<NetworkReport> {
  const size = q.size ?? 10;
  const perPerson = Object.fromEntries(
    q.staff.map((person) => [
      `staff_${person}`,
      {
        filter: {
          bool: {
            filter: [{ bool: { should: interactions.map((r) => ({ term: { [`enrichment.staff.${r}`]: person } })), minimum_should_match: 1 } }],
            must_not: [{ term: { 'enrichment.staff.authoredBy': person } }],
          },
        },
        aggs: { accounts: accountAggs(size, (r) => ({ term: { [`enrichment.staff.${r}`]: person } })) },
      },
    ]),
  );
  const response = await client.search({
    index: names.alias('mentions'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    query: { bool: { filter: dateRange(q.from, q.to) } },
    aggs: {
      ...perPerson,
      company: {
        filter: {
          bool: {
            filter: [{ bool: { should: interactions.map((r) => ({ exists: { field: `enrichment.staff.${r}` } })), minimum_should_match: 1 } }],
            must_not: [{ exists: { field: 'enrichment.staff.authoredBy' } }],
          },
        },
        aggs: { accounts: accountAggs(size, (r) => ({ exists: { field: `enrichment.staff.${r}` } }), Math.max(1, q.roster ?? q.staff.length)) },
      },
    },
  });
  const aggs = response.aggregations as any;
  return {
    company: rows(aggs?.company?.accounts),
    staff: Object.fromEntries(q.staff.map((p) => [p, rows(aggs?.[`staff_${p}`]?.accounts)])),
  };
}

import type { Client, estypes } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';
import { dateRange, readTone, toneAggs, type Tone } from './tone.ts';

/**
 * Who talks about the brand: top authors by mentions or reach, advocates ("eldsjälar") and
 * detractors. Advocate: at least `minMentions` positive brand mentions and a mean sentiment
 * above `minMeanScore`; detractor: as many negative ones and a mean below −minMeanScore.
 * Staff-authored mentions are left out of advocates and detractors (staff are expected to
 * be positive). Authors are keyed by `author.handle`; mentions without a handle are skipped.
 */
export interface AuthorRow extends Tone {
  handle: string;
  mentions: number;
  /** Largest follower count seen for the author: reach. */
  reach: number;
}

export interface AuthorsQuery {
  /** Brand id; without it, mentions of any configured brand. */
  brand?: string;
  from?: string;
  to?: string;
  size?: number;
  by?: 'mentions' | 'reach';
  minMentions: number;
  minMeanScore: number;
}

export interface AuthorsReport {
  top: AuthorRow[];
  advocates: AuthorRow[];
  detractors: AuthorRow[];
}

const rowAggs = { reach: { max: { field: 'author.followers' } }, ...toneAggs };

const terms = (size: number, order: estypes.AggregationsAggregateOrder, minDocCount = 1): estypes.AggregationsAggregationContainer => ({
  terms: { field: 'author.handle', size, order: [order, { _key: 'asc' }] as estypes.AggregationsAggregateOrder, min_doc_count: minDocCount },
  aggs: rowAggs,
});

function row(bucket: any): AuthorRow {
  return { handle: bucket.key, mentions: bucket.doc_count, reach: bucket.reach.value ?? 0, ...readTone(bucket) };
}

export async function authorsReport(client: Client, names: IndexNames, q: AuthorsQuery): Promise<AuthorsReport> {
  const size = q.size ?? 10;
  const brand: estypes.QueryDslQueryContainer = q.brand ? { term: { 'enrichment.brands': q.brand } } : { exists: { field: 'enrichment.brands' } };
  // Candidates are fetched generously, then the mean-score rule (which needs a script in a
  // bucket_selector) is applied here.
  const candidates = Math.max(100, size * 10);
  const response = await client.search({
    index: names.alias('mentions'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    query: { bool: { filter: [brand, ...dateRange(q.from, q.to)] } },
    aggs: {
      top: terms(size, q.by === 'reach' ? { reach: 'desc' } : { _count: 'desc' }),
      customers: {
        filter: { bool: { must_not: [{ exists: { field: 'enrichment.staff.authoredBy' } }] } },
        aggs: {
          advocates: terms(candidates, { positive: 'desc' }, q.minMentions),
          detractors: terms(candidates, { negative: 'desc' }, q.minMentions),
        },
      },
    },
  });
  const aggs = response.aggregations as any;
  const buckets = (agg: any): AuthorRow[] => (agg?.buckets ?? []).map(row);
  return {
    top: buckets(aggs?.top),
    advocates: buckets(aggs?.customers.advocates)
      .filter((r) => r.positive >= q.minMentions && (r.meanSentiment ?? 0) > q.minMeanScore)
      .slice(0, size),
    detractors: buckets(aggs?.customers.detractors)
      .filter((r) => r.negative >= q.minMentions && (r.meanSentiment ?? 0) < -q.minMeanScore)
      .slice(0, size),
  };
}

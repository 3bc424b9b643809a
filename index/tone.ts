import type { estypes } from '@elastic/elasticsearch';

/**
 * Tone of a bucket of mentions without scripts (the minimal Elasticsearch has no painless):
 * sum and count of sentiment scores give the mean; two filters count positive and negative.
 */
export const toneAggs: Record<string, estypes.AggregationsAggregationContainer> = {
  scoreSum: { sum: { field: 'enrichment.sentiment.score' } },
  scored: { value_count: { field: 'enrichment.sentiment.score' } },
  positive: { filter: { term: { 'enrichment.sentiment.label': 'positive' } } },
  negative: { filter: { term: { 'enrichment.sentiment.label': 'negative' } } },
};

export interface Tone {
  positive: number;
  negative: number;
  /** Mean sentiment score, rounded to 2 decimals; null when nothing was scored. */
  meanSentiment: number | null;
}

export function readTone(bucket: any): Tone {
  const scored = bucket.scored?.value ?? 0;
  return {
    positive: bucket.positive?.doc_count ?? 0,
    negative: bucket.negative?.doc_count ?? 0,
    meanSentiment: scored ? Math.round((bucket.scoreSum.value / scored) * 100) / 100 : null,
  };
}

export function dateRange(from?: string, to?: string): estypes.QueryDslQueryContainer[] {
  return from || to ? [{ range: { publishedAt: { gte: from, lt: to } } }] : [];
}

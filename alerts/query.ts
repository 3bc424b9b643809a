import type { Client, estypes } from '@elastic/elasticsearch';
import type { IndexNames } from '../index/names.ts';
import { searchAll } from '../index/search-all.ts';
import type { CountEvent, MentionLike, StorySnapshot } from './rules/rule.ts';

/**
 * The Elasticsearch side of alerting: aggregations and searches that turn the indices into rule
 * input. Only date_histogram, terms and plain queries: the minimal cluster has no scripting.
 */
const TIME_FIELD = 'publishedAt';
type Query = estypes.QueryDslQueryContainer;

/**
 * Which mentions a run reads. Over a past range (backtest, demo): those published in
 * [from, to). Live: those collected in [arrivedFrom, to), at their publishing time, back to the
 * rule's horizon `from`: a feed polled every 5 minutes delivers mentions minutes after they were
 * published, and they still count. Collected before `to` either way, so no run reads a mention
 * another run has read.
 */
export interface TimeRange {
  from: number;
  to: number;
  /** Live runs: read by arrival. `arrivedFrom` is where the previous run stopped (unset on the first). */
  live?: boolean;
  arrivedFrom?: number;
}

const COLLECTED_FIELD = 'collectedAt';
const ms = (range: Record<string, number | undefined>) => ({ ...range, format: 'epoch_millis' });

export function timeFilter(q: TimeRange): Query[] {
  if (!q.live) return [{ range: { [TIME_FIELD]: ms({ gte: q.from, lt: q.to }) } }];
  return [{ range: { [TIME_FIELD]: ms({ gte: q.from }) } }, { range: { [COLLECTED_FIELD]: ms({ gte: q.arrivedFrom, lt: q.to }) } }];
}

export interface CountQuery extends TimeRange {
  bucketSecs: number;
  queryKey?: string;
  maxKeys?: number;
  filter?: Record<string, unknown>[];
}

export function countsRequest(names: IndexNames, q: CountQuery): estypes.SearchRequest {
  const histogram = { date_histogram: { field: TIME_FIELD, fixed_interval: `${q.bucketSecs}s`, min_doc_count: 1 } };
  return {
    index: names.alias('mentions'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    query: { bool: { filter: [...timeFilter(q), ...((q.filter ?? []) as Query[])] } },
    aggs: q.queryKey
      ? { keys: { terms: { field: q.queryKey, size: q.maxKeys ?? 100, missing: 'other' }, aggs: { t: histogram } } }
      : { t: histogram },
  };
}

/**
 * Mention counts per bucket (and per query_key value), as rule events; `left`: mentions of the
 * keys beyond `maxKeys`, which the rule does not see.
 */
export async function countEvents(client: Client, names: IndexNames, q: CountQuery): Promise<{ events: CountEvent[]; left: number }> {
  const response = await client.search(countsRequest(names, q));
  const aggs = response.aggregations as any;
  if (!aggs) return { events: [], left: 0 };
  const buckets = (b: any, key: string): CountEvent[] => b.t.buckets.map((t: any) => ({ at: t.key, key, count: t.doc_count }));
  const found: CountEvent[] = q.queryKey ? aggs.keys.buckets.flatMap((k: any) => buckets(k, String(k.key))) : buckets(aggs, 'all');
  // A bucket starting before `from` holds only what fell after it: it belongs at `from`.
  const events = found.map((e) => (e.at < q.from ? { ...e, at: q.from } : e)).sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  return { events, left: aggs.keys?.sum_other_doc_count ?? 0 };
}

/** Stories with a mention in [from, to], from the stories index (absent until the story tracker runs). */
export async function activeStories(client: Client, names: IndexNames, from: number, to: number): Promise<StorySnapshot[]> {
  return searchAll<StorySnapshot, StorySnapshot>(
    client,
    {
      index: names.alias('stories'),
      ignore_unavailable: true,
      allow_no_indices: true,
      query: { range: { lastSeen: { gte: from, lte: to, format: 'epoch_millis' } } },
      sort: [{ lastSeen: 'desc' }, { id: 'asc' }],
    },
    (h) => h._source!,
  );
}

/**
 * The run's mentions by authors with at least `minFollowers`, and for each `brand:author` pair
 * among them the earliest other mention of that brand by that author (ISO time), if any. The
 * earlier mentions are looked up for 1,000 of the run's mentions at a time; a pair's mention in
 * another thousand then counts as "other" too, and the earliest of all is kept, which is what
 * one lookup for every mention gives the rule (a mention is new when nothing is earlier).
 */
export async function newVoiceCandidates(client: Client, names: IndexNames, range: TimeRange, minFollowers: number, filter: Record<string, unknown>[] = []) {
  const base = { index: names.alias('mentions'), ignore_unavailable: true, allow_no_indices: true };
  const mentions = await searchAll<MentionLike, MentionLike>(
    client,
    {
      ...base,
      _source: ['id', 'publishedAt', 'url', 'text', 'author', 'enrichment.brands'],
      query: { bool: { filter: [...timeFilter(range), { range: { 'author.followers': { gte: minFollowers } } }, { exists: { field: 'enrichment.brands' } }, ...(filter as Query[])] } },
      sort: [{ [TIME_FIELD]: 'asc' }, { id: 'asc' }],
    },
    (h) => h._source!,
  );
  const seen: Record<string, string> = {};
  const byField = (field: string, values: string[]) => ({
    terms: { field, size: Math.max(1, values.length), include: values },
    aggs: { brands: { terms: { field: 'enrichment.brands', size: 100 }, aggs: { first: { min: { field: TIME_FIELD } } } } },
  });
  for (let i = 0; i < mentions.length; i += 1000) {
    const some = mentions.slice(i, i + 1000);
    // Authors are known by handle where the platform has one, else by id (feeds, blogs).
    const handles = [...new Set(some.map((m) => m.author.handle).filter((h): h is string => !!h))];
    const ids = [...new Set(some.filter((m) => !m.author.handle).map((m) => m.author.id).filter((h): h is string => !!h))];
    if (handles.length + ids.length === 0) continue;
    const others = await client.search({
      ...base,
      size: 0,
      query: {
        bool: {
          filter: [{ range: { [TIME_FIELD]: ms({ lt: range.to }) } }, { bool: { should: [{ terms: { 'author.handle': handles } }, { terms: { 'author.id': ids } }], minimum_should_match: 1 } }],
          must_not: [{ ids: { values: some.map((m) => m.id) } }],
        },
      },
      aggs: { handles: byField('author.handle', handles), ids: byField('author.id', ids) } as Record<string, estypes.AggregationsAggregationContainer>,
    });
    const aggs = others.aggregations as any;
    for (const name of ['handles', 'ids']) {
      for (const author of aggs?.[name]?.buckets ?? []) {
        for (const brand of author.brands.buckets) {
          const key = `${brand.key}:${author.key}`;
          const first = brand.first.value_as_string ?? new Date(brand.first.value).toISOString();
          if (seen[key] === undefined || Date.parse(first) < Date.parse(seen[key])) seen[key] = first;
        }
      }
    }
  }
  return { mentions, seen };
}

export interface TopMention {
  id: string;
  url?: string;
  author?: string;
  followers?: number;
  text: string;
  publishedAt: string;
}

/** What an alert shows as proof: the top mentions, and the brands of every mention behind it. */
export interface Evidence {
  top: TopMention[];
  brands: string[];
}

/** The evidence: the most-followed authors' mentions in a window (for a key, when the rule has one). */
export async function topMentions(client: Client, names: IndexNames, q: { from: number; to: number; queryKey?: string; key?: string; filter?: Record<string, unknown>[]; size?: number }): Promise<Evidence> {
  const filter: Query[] = [{ range: { [TIME_FIELD]: { gte: q.from, lt: q.to, format: 'epoch_millis' } } }, ...((q.filter ?? []) as Query[])];
  if (q.queryKey && q.key && q.key !== 'other') filter.push({ term: { [q.queryKey]: q.key } });
  const response = await client.search<any, { brands: { buckets: { key: string }[] } }>({
    index: names.alias('mentions'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: q.size ?? 5,
    _source: ['id', 'url', 'author.handle', 'author.name', 'author.followers', 'title', 'text', TIME_FIELD],
    query: { bool: { filter } },
    sort: [{ 'author.followers': { order: 'desc', missing: '_last' } }, { [TIME_FIELD]: 'asc' }, { id: 'asc' }],
    aggs: { brands: { terms: { field: 'enrichment.brands', size: 100 } } },
  });
  const top = response.hits.hits.map(({ _source: m }) => ({
    id: m.id,
    url: m.url,
    author: m.author?.handle ?? m.author?.name,
    followers: m.author?.followers,
    text: (m.title ? `${m.title} — ${m.text}` : m.text).slice(0, 280),
    publishedAt: m[TIME_FIELD],
  }));
  return { top, brands: (response.aggregations?.brands.buckets ?? []).map((b) => b.key).sort() };
}

/** Oldest and newest mention time: the range `rykte demo` evaluates the rules over. */
export async function mentionTimeRange(client: Client, names: IndexNames): Promise<{ from: number; to: number } | undefined> {
  const response = await client.search({
    index: names.alias('mentions'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    aggs: { from: { min: { field: TIME_FIELD } }, to: { max: { field: TIME_FIELD } } },
  });
  const aggs = response.aggregations as any;
  return aggs?.from?.value == null ? undefined : { from: aggs.from.value, to: aggs.to.value };
}

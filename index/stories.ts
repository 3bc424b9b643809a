import type { Client, estypes } from '@elastic/elasticsearch';
import type { StoryDoc } from '../enrich/stories/story.ts';
import type { StoryNode } from '../enrich/stories/tracker.ts';
import { publishedAt } from '../enrich/stories/node.ts';
import type { Mention } from '../model/mention.ts';
import type { IndexNames } from './names.ts';
import { searchAll } from './search-all.ts';
import { totalHits } from './search.ts';

/**
 * The stories index and the story side of the mentions index: writing story documents,
 * moving mentions between stories, and reading stories back (CLI, recovery after a restart).
 */

const PAGE = 5000;
/** Story ids per page of a lookup's aggregation. */
const STORIES_PAGE = 10_000;

async function bulk(client: Client, operations: unknown[], refresh: boolean, what: string) {
  if (operations.length === 0) return;
  // Only what failed is read: a response without each item's index, shards and version parses in a fraction of the time.
  const response = await client.bulk({ operations: operations as estypes.BulkRequest['operations'], refresh, filter_path: 'errors,items.*._id,items.*.status,items.*.error' });
  if (!response.errors) return;
  const failed = response.items.map((i) => Object.values(i)[0]!).filter((r) => r.error && r.status !== 404);
  if (failed.length) throw new Error(`stories: ${failed.length} ${what} failed, first: ${failed[0]!._id}: ${failed[0]!.error?.reason}`);
}

/** Index story documents (id = story id) and delete stories that were merged into others. */
export async function writeStories(client: Client, names: IndexNames, docs: StoryDoc[], removed: string[], refresh = false): Promise<void> {
  const index = names.index('stories');
  const ops: unknown[] = [];
  for (const doc of docs) ops.push({ index: { _index: index, _id: doc.id } }, doc);
  for (const id of removed) ops.push({ delete: { _index: index, _id: id } });
  await bulk(client, ops, refresh, 'story writes');
}

/**
 * Rewrite `enrichment.story` of mentions already indexed (a late parent re-attached them).
 * Absent fields are written as null: a partial update merges objects, so an old parent would
 * otherwise survive.
 */
export async function moveMentions(client: Client, names: IndexNames, nodes: StoryNode[], refresh = false): Promise<void> {
  const ops: unknown[] = [];
  for (const n of nodes) {
    const story = { id: n.story, parentId: n.parentId ?? null, parentVia: n.parentId ? n.via : null, inferred: n.parentId ? n.inferred : null, depth: n.depth };
    ops.push({ update: { _index: names.index('mentions', publishedAt(n)), _id: n.id } }, { doc: { enrichment: { story } } });
  }
  for (let i = 0; i < ops.length; i += 2 * PAGE) await bulk(client, ops.slice(i, i + 2 * PAGE), refresh, 'mention updates');
}

/** Every mention matching `query`, oldest first, paged with search_after. */
export async function allMentions(client: Client, names: IndexNames, query: estypes.QueryDslQueryContainer): Promise<Mention[]> {
  return searchAll<Mention, Mention>(client, { index: names.alias('mentions'), ignore_unavailable: true, allow_no_indices: true, query, sort: [{ publishedAt: 'asc' }, { id: 'asc' }] }, (h) => h._source!, PAGE);
}

/** Mentions of these stories (whole stories, so metrics stay exact after a reload). */
export const storyMentions = (client: Client, names: IndexNames, storyIds: string[]) =>
  allMentions(client, names, { terms: { 'enrichment.story.id': storyIds } });

/**
 * Story ids of indexed mentions with these doc ids, of stories named after these ids (orphans
 * waiting for that post), or of mentions at/linking to these canonical URLs (of `sharedOnly`
 * among them, only mentions linking to them). `found`: the ids that are indexed mentions.
 * `since`: only mentions published then or later (a post's own id, and the orphans waiting for
 * it, published after it): the monthly indices before it are skipped without being searched.
 */
export async function storiesOf(client: Client, names: IndexNames, ids: string[], links: string[], sharedOnly: ReadonlySet<string> = new Set(), since?: string): Promise<{ found: Set<string>; stories: string[] }> {
  const found = new Set<string>();
  const stories = new Set<string>();
  // Chunks: a page may hold up to 100,000 mentions, more than one search may return or match.
  for (let i = 0; i < Math.max(ids.length, links.length); i += PAGE) {
    const someIds = ids.slice(i, i + PAGE);
    const someLinks = links.slice(i, i + PAGE);
    const should: estypes.QueryDslQueryContainer[] = [];
    if (someIds.length) should.push({ ids: { values: someIds } }, { terms: { 'enrichment.story.id': someIds } });
    const at = someLinks.filter((link) => !sharedOnly.has(link));
    if (someLinks.length) should.push({ terms: { 'enrichment.links': someLinks } });
    if (at.length) should.push({ terms: { url: at } });
    const query = { bool: { should, minimum_should_match: 1, filter: since ? [{ range: { publishedAt: { gte: since } } }] : [] } };
    // Hits answer "which ids exist"; the aggregation sees every match, links included, and
    // goes on page after page for a link shared in more stories than one page holds.
    let after: Record<string, estypes.FieldValue> | undefined;
    for (let first = true; first || after; first = false) {
      const response = await client.search<Mention>({
        index: names.alias('mentions'),
        ignore_unavailable: true,
        allow_no_indices: true,
        // Elasticsearch skips a shard whose publishedAt range cannot match only if asked to here.
        pre_filter_shard_size: since ? 1 : undefined,
        size: first ? someIds.length : 0,
        _source: false,
        query,
        post_filter: first && someIds.length ? { ids: { values: someIds } } : undefined,
        aggs: { stories: { composite: { size: STORIES_PAGE, sources: [{ id: { terms: { field: 'enrichment.story.id' } } }], after } } },
      });
      for (const h of response.hits.hits) found.add(h._id!);
      const agg = response.aggregations?.stories as estypes.AggregationsCompositeAggregate | undefined;
      const buckets = (agg?.buckets ?? []) as estypes.AggregationsCompositeBucket[];
      for (const b of buckets) stories.add(String(b.key.id));
      after = buckets.length === STORIES_PAGE ? agg!.after_key : undefined;
    }
  }
  return { found, stories: [...stories] };
}

/** A mention's doc id, time (ms) and story: enough to order it and load its story. */
export interface Head {
  id: string;
  time: number;
  story: string;
}

/**
 * Per canonical link, the earliest indexed post at that URL (`article`) and the earliest post
 * sharing it (`sharer`): what a later post sharing the link is placed under. One search per
 * link and kind, in one request, whatever the number of posts sharing it.
 */
export async function linkHeads(client: Client, names: IndexNames, links: string[]): Promise<Map<string, { article?: Head; sharer?: Head }>> {
  const out = new Map<string, { article?: Head; sharer?: Head }>();
  for (let i = 0; i < links.length; i += PAGE / 10) {
    const some = links.slice(i, i + PAGE / 10);
    const searches = some.flatMap((link) =>
      [{ term: { url: link } }, { term: { 'enrichment.links': link } }].map((match) => [
        { index: names.alias('mentions'), ignore_unavailable: true, allow_no_indices: true },
        // Placed mentions only, as `storiesOf` sees them (a story placer may trail indexing).
        { size: 1, query: { bool: { filter: [match, { exists: { field: 'enrichment.story.id' } }] } }, sort: [{ publishedAt: 'asc' }, { id: 'asc' }], _source: ['publishedAt', 'enrichment.story.id'] },
      ]),
    );
    const response = await client.msearch<Mention>({ searches: searches.flat() as estypes.MsearchRequestItem[] });
    const head = (r: (typeof response.responses)[number]): Head | undefined => {
      if ('error' in r) throw new Error(`stories: a link lookup failed: ${r.error.reason ?? r.error.type}`);
      const hit = r.hits.hits[0];
      return hit && { id: hit._id!, time: Date.parse(hit._source!.publishedAt), story: hit._source!.enrichment.story!.id };
    };
    some.forEach((link, k) => out.set(link, { article: head(response.responses[2 * k]!), sharer: head(response.responses[2 * k + 1]!) }));
  }
  return out;
}

/**
 * Stories with a mention published in the `secs` before the newest indexed mention, the most
 * recently active first, as many as hold `maxMentions` mentions (what the working set keeps);
 * `left`: the mentions of the period's other stories, which stay in Elasticsearch.
 */
export async function recentStories(client: Client, names: IndexNames, secs: number, maxMentions: number): Promise<{ stories: string[]; left: number }> {
  const newest = await client.search<Mention>({ index: names.alias('mentions'), ignore_unavailable: true, allow_no_indices: true, size: 1, _source: ['publishedAt'], sort: [{ publishedAt: 'desc' }] });
  const at = newest.hits.hits[0]?._source?.publishedAt;
  if (!at) return { stories: [], left: 0 };
  const response = await client.search({
    index: names.alias('mentions'),
    size: 0,
    query: { range: { publishedAt: { gte: new Date(Date.parse(at) - secs * 1000).toISOString() } } },
    aggs: { stories: { terms: { field: 'enrichment.story.id', size: 10_000, order: { last: 'desc' } }, aggs: { last: { max: { field: 'publishedAt' } } } } },
  });
  const agg = response.aggregations?.stories as estypes.AggregationsStringTermsAggregate | undefined;
  const stories: string[] = [];
  let held = 0;
  let left = agg?.sum_other_doc_count ?? 0;
  for (const b of (agg?.buckets ?? []) as estypes.AggregationsStringTermsBucket[]) {
    if (held + b.doc_count > maxMentions && stories.length) {
      left += b.doc_count;
      continue;
    }
    stories.push(String(b.key));
    held += b.doc_count;
  }
  return { stories, left };
}

export interface StoryQuery {
  from?: string;
  to?: string;
  brand?: string;
  minSize?: number;
  sort?: 'velocity' | 'size' | 'virality';
  size?: number;
}

const sorts: Record<NonNullable<StoryQuery['sort']>, estypes.Sort> = {
  velocity: [{ 'velocity.current': 'desc' }, { 'velocity.ratio': 'desc' }, { id: 'asc' }],
  size: [{ size: 'desc' }, { id: 'asc' }],
  virality: [{ virality: 'desc' }, { size: 'desc' }, { id: 'asc' }],
};

/** Stories active in [from, to) (last seen at or after `from`, first seen before `to`). */
export async function searchStories(client: Client, names: IndexNames, q: StoryQuery): Promise<{ total: number; stories: StoryDoc[] }> {
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (q.from) filter.push({ range: { lastSeen: { gte: q.from } } });
  if (q.to) filter.push({ range: { firstSeen: { lt: q.to } } });
  if (q.brand) filter.push({ term: { brands: q.brand } });
  if (q.minSize) filter.push({ range: { size: { gte: q.minSize } } });
  const response = await client.search<StoryDoc>({
    index: names.alias('stories'),
    ignore_unavailable: true,
    allow_no_indices: true,
    track_total_hits: true,
    size: q.size ?? 20,
    sort: sorts[q.sort ?? 'velocity'],
    query: { bool: { filter } },
  });
  const total = totalHits(response);
  return { total, stories: response.hits.hits.map((h) => h._source!) };
}

export async function getStory(client: Client, names: IndexNames, id: string): Promise<StoryDoc | undefined> {
  const response = await client.get<StoryDoc>({ index: names.index('stories'), id }, { ignore: [404] });
  return response.found ? response._source : undefined;
}

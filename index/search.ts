import type { Client } from '@elastic/elasticsearch';
import type { estypes } from '@elastic/elasticsearch';
import type { Mention } from '../model/mention.ts';
import type { IndexNames } from './names.ts';

export interface MentionQuery {
  /** Free text: Elasticsearch simple query string (`+`, `|`, `-`, "phrases", `prefix*`); all words must match. */
  text?: string;
  brand?: string;
  product?: string;
  topic?: string;
  /** Author handle or id. */
  author?: string;
  /** Staff person id: mentions touching this person in any relation. */
  staff?: string;
  platform?: string;
  language?: string;
  sentiment?: string;
  story?: string;
  /** Published at or after: ISO date or date math (`now-7d`). */
  from?: string;
  /** Published before: ISO date or date math. */
  to?: string;
  size?: number;
  sort?: 'newest' | 'oldest' | 'relevance';
}

export interface MentionResults {
  total: number;
  mentions: Mention[];
}

export function mentionFilters(q: MentionQuery): estypes.QueryDslQueryContainer[] {
  const filters: estypes.QueryDslQueryContainer[] = [];
  const term = (field: string, value?: string) => value && filters.push({ term: { [field]: value } });
  term('enrichment.brands', q.brand);
  term('enrichment.products', q.product);
  term('enrichment.topics', q.topic);
  term('enrichment.staff.people', q.staff);
  term('platform', q.platform);
  term('language', q.language);
  term('enrichment.sentiment.label', q.sentiment);
  term('enrichment.story.id', q.story);
  if (q.author) {
    const handle = q.author.replace(/^@/, '');
    filters.push({ bool: { should: [{ term: { 'author.handle': handle } }, { term: { 'author.id': handle } }], minimum_should_match: 1 } });
  }
  if (q.from || q.to) filters.push({ range: { publishedAt: { gte: q.from, lt: q.to } } });
  return filters;
}

/** The exact hit count of a search made with `track_total_hits: true`. */
export function totalHits(response: estypes.SearchResponse<unknown>): number {
  const total = response.hits.total;
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** Ad-hoc search over mentions: what `rykte search` and Discover-style tools call. */
export async function searchMentions(client: Client, names: IndexNames, q: MentionQuery): Promise<MentionResults> {
  const must: estypes.QueryDslQueryContainer[] = q.text
    ? [{ simple_query_string: { query: q.text, fields: ['title^2', 'text', 'text.*', 'author.name', 'author.handle'], default_operator: 'and' } }]
    : [];
  const sort: estypes.Sort =
    q.sort === 'relevance' && q.text ? ['_score'] : [{ publishedAt: q.sort === 'oldest' ? 'asc' : 'desc' }, { id: 'asc' }];
  const response = await client.search<Mention>({
    index: names.alias('mentions'),
    ignore_unavailable: true,
    allow_no_indices: true,
    track_total_hits: true,
    size: q.size ?? 20,
    sort,
    query: { bool: { must, filter: mentionFilters(q) } },
  });
  return { total: totalHits(response), mentions: response.hits.hits.map((h) => h._source!) };
}

import type { Client, estypes } from '@elastic/elasticsearch';

/**
 * Every hit of a search, page after page with `search_after`: no silent cap at one page.
 * `request.sort` must end with a field unique per document (an id), or the request must search
 * a point in time (`pit`), whose tiebreaker Elasticsearch adds; otherwise documents sharing the
 * last sort value of a page would be skipped.
 */
export async function searchAll<T>(client: Client, request: estypes.SearchRequest & { sort: estypes.Sort }, pageSize = 1000): Promise<estypes.SearchHit<T>[]> {
  const hits: estypes.SearchHit<T>[] = [];
  let after: estypes.SortResults | undefined;
  for (;;) {
    const page = await client.search<T>({ ...request, size: pageSize, search_after: after });
    hits.push(...page.hits.hits);
    if (page.hits.hits.length < pageSize) return hits;
    after = page.hits.hits.at(-1)!.sort;
  }
}

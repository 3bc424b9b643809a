import type { Client, estypes } from '@elastic/elasticsearch';

/**
 * Every hit of a search, page after page with `search_after`: no silent cap at one page.
 * `keep` takes what the caller needs of each hit as its page arrives (a page's hits are
 * dropped then). `request.sort` must end with a field unique per document (an id), or the
 * request must search a point in time (`pit`), whose tiebreaker Elasticsearch adds; otherwise
 * documents sharing the last sort value of a page would be skipped.
 */
export async function searchAll<T, R = estypes.SearchHit<T>>(
  client: Client,
  request: estypes.SearchRequest & { sort: estypes.Sort },
  keep: (hit: estypes.SearchHit<T>) => R = (hit) => hit as R,
  pageSize = 1000,
): Promise<R[]> {
  const out: R[] = [];
  let after: estypes.SortResults | undefined;
  for (;;) {
    const hits = (await client.search<T>({ ...request, size: pageSize, search_after: after })).hits.hits;
    for (const hit of hits) out.push(keep(hit));
    if (hits.length < pageSize) return out;
    after = hits.at(-1)!.sort;
  }
}

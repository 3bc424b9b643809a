import type { Client } from '@elastic/elasticsearch';
import type { Mention } from '../model/mention.ts';
import type { ErrorRecord } from './errors.ts';
import { refreshIfAllowed } from './access.ts';
import { erasedAuthors, isErased } from './erased.ts';
import type { IndexNames } from './names.ts';
import { StateStore } from './state.ts';

/**
 * `rykte errors replay`: once the cause of a rejection is fixed (a mapping, a full disk, a
 * write block), index again the documents the errors index kept. A record that goes through
 * is marked `replayedAt` (kept for the record, never replayed twice); one refused again keeps
 * the new reason in `lastReplay` and stays for a later replay.
 */
export interface ReplayOptions {
  /** Only documents of this source. */
  source?: string;
  /** Count what would be replayed; write nothing. */
  dryRun?: boolean;
  /** Records per bulk request. @default 500 */
  batch?: number;
  now?: () => Date;
}

export interface ReplayResult {
  replayed: number;
  /** Refused again, by `errorType`. */
  refused: Record<string, number>;
  /** Pending records (what a dry run would replay). */
  pending: number;
  /** Records of erased authors' documents (`rykte forget`): deleted, not replayed. */
  erased: number;
}

type Stored = ErrorRecord & { document: Mention; lastReplay?: { at: string } };

/** Rejected documents not yet replayed, and not tried since `since` (this replay's start). */
function pendingQuery(source: string | undefined, since: string) {
  return {
    bool: {
      filter: [{ term: { kind: 'rejected' } }, { term: { stage: 'index' } }, { exists: { field: 'documentId' } }, ...(source ? [{ term: { source } }] : [])],
      must_not: [{ exists: { field: 'replayedAt' } }, { range: { 'lastReplay.at': { gte: since } } }],
    },
  };
}

export async function replayRejected(client: Client, names: IndexNames, options: ReplayOptions = {}): Promise<ReplayResult> {
  const { source, dryRun = false, batch = 500, now = () => new Date() } = options;
  const since = now().toISOString();
  const errors = names.alias('errors');
  const result: ReplayResult = { replayed: 0, refused: {}, pending: 0, erased: 0 };
  result.pending = (await client.count({ index: errors, query: pendingQuery(source, since) })).count;
  if (dryRun) return result;
  const erased = await erasedAuthors(new StateStore(client, names));
  for (;;) {
    const page = await client.search<Stored>({ index: errors, size: batch, query: pendingQuery(source, since), sort: [{ '@timestamp': 'asc' }] });
    const all = page.hits.hits.filter((h) => h._source?.document);
    if (all.length === 0) break;
    // An erased author's document is not indexed again; its record is deleted, as `forget` does.
    const hits: typeof all = [];
    const gone: typeof all = [];
    for (const h of all) (isErased(erased, h._source!.document) ? gone : hits).push(h);
    if (gone.length) {
      await client.bulk({ operations: gone.map((h) => ({ delete: { _index: h._index, _id: h._id } })), refresh: true });
      result.erased += gone.length;
      if (hits.length === 0) continue;
    }
    const response = await client.bulk({
      operations: hits.flatMap((h) => {
        const doc = h._source!.document;
        return [{ index: { _index: names.index('mentions', doc.publishedAt), _id: doc.id } }, doc];
      }),
    });
    const at = now().toISOString();
    const marks = response.items.flatMap((item, i): object[] => {
      const hit = hits[i]!;
      const error = item.index?.error;
      if (!error) {
        result.replayed++;
        return [{ update: { _index: hit._index, _id: hit._id } }, { doc: { replayedAt: at } }];
      }
      result.refused[error.type] = (result.refused[error.type] ?? 0) + 1;
      const lastReplay = { at, status: item.index?.status, errorType: error.type, message: error.reason ?? 'no reason given' };
      return [{ update: { _index: hit._index, _id: hit._id } }, { doc: { lastReplay } }];
    });
    // Marked with refresh, so the next page's search no longer finds them.
    await client.bulk({ operations: marks, refresh: true });
  }
  await refreshIfAllowed(client, names.alias('mentions'));
  return result;
}

/** The newest error records, newest first, for `rykte errors list`. */
export async function listErrors(client: Client, names: IndexNames, options: { kind?: string; source?: string; limit?: number } = {}) {
  const filter = [...(options.kind ? [{ term: { kind: options.kind } }] : []), ...(options.source ? [{ term: { source: options.source } }] : [])];
  const response = await client.search<ErrorRecord & { replayedAt?: string }>({
    index: names.alias('errors'),
    size: options.limit ?? 20,
    track_total_hits: true,
    query: { bool: { filter } },
    sort: [{ '@timestamp': 'desc' }],
    _source: { excludes: ['document'] },
  });
  const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
  return { total, records: response.hits.hits.map((h) => h._source!) };
}

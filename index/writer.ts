import type { Client } from '@elastic/elasticsearch';
import type { Mention } from '../model/mention.ts';
import type { IndexNames } from './names.ts';
import { events } from '../log/events.ts';
import { recordErrors, type ErrorRecord } from './errors.ts';
import { refreshIfAllowed } from './access.ts';

export interface WriteOptions {
  flushBytes?: number;
  concurrency?: number;
  /** Refresh the mentions alias when done (tests, `rykte import`), so results are searchable at once. */
  refresh?: boolean;
  /** File that keeps rejected documents when the errors index cannot. */
  deadLetterFile: string;
}

export interface WriteResult {
  indexed: number;
  /** Documents Elasticsearch refused; each is in the errors index (or the dead-letter file). */
  rejected: Rejection[];
}

export interface Rejection {
  id: string;
  index: string;
  status: number;
  errorType: string;
  reason: string;
}

/**
 * Index mentions with the client's bulk helper: it flushes by bytes and time, keeps
 * `concurrency` requests in flight, retries 429s and pulls from the iterator only when a slot
 * is free (backpressure). Its default `onDrop` is silent; ours keeps every rejected document.
 * A failed request (cluster down) rejects the promise: callers must not commit a cursor then.
 */
export async function writeMentions(
  client: Client,
  names: IndexNames,
  mentions: AsyncIterable<Mention> | Iterable<Mention>,
  options: WriteOptions,
): Promise<WriteResult> {
  const dropped: { rejection: Rejection; document: Mention }[] = [];
  const iterator = (async function* () {
    yield* mentions;
  })();
  const stats = await client.helpers.bulk<Mention>({
    datasource: iterator,
    flushBytes: options.flushBytes ?? 5_000_000,
    concurrency: options.concurrency ?? 2,
    flushInterval: 1000,
    onDocument: (doc) => ({ index: { _index: names.index('mentions', doc.publishedAt), _id: doc.id } }),
    onDrop: (drop) => {
      const action = drop.operation as { index?: { _index?: string; _id?: string } };
      dropped.push({
        document: drop.document,
        rejection: {
          id: action.index?._id ?? drop.document.id,
          index: action.index?._index ?? '',
          status: drop.status,
          errorType: drop.error?.type ?? 'unknown',
          reason: drop.error?.reason ?? 'no reason given',
        },
      });
    },
  });
  await keepRejected(client, names, dropped, options.deadLetterFile);
  if (options.refresh) await refreshIfAllowed(client, names.alias('mentions'));
  return { indexed: stats.successful, rejected: dropped.map((d) => d.rejection) };
}

/** Rejected documents go to the errors index with their reason (or the dead-letter file). */
async function keepRejected(client: Client, names: IndexNames, dropped: { rejection: Rejection; document: Mention }[], file: string) {
  const at = new Date().toISOString();
  const records: ErrorRecord[] = dropped.map(({ rejection, document }) => {
    events.documentRejected(rejection.id, rejection.index, rejection.status, rejection.errorType, rejection.reason);
    return {
      '@timestamp': at,
      kind: 'rejected',
      stage: 'index',
      source: document.source,
      documentId: rejection.id,
      index: rejection.index,
      status: rejection.status,
      errorType: rejection.errorType,
      message: rejection.reason,
      document,
    };
  });
  await recordErrors(client, names, records, file);
}

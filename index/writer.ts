import type { Client } from '@elastic/elasticsearch';
import type { Mention } from '../model/mention.ts';
import type { IndexNames } from './names.ts';
import { events } from '../log/events.ts';
import { Channel } from '../ingest/channel.ts';
import { checkDocument } from './check-document.ts';
import { recordErrors, type ErrorRecord } from './errors.ts';
import { refreshIfAllowed } from './access.ts';

export interface SinkOptions {
  /** Flush a bulk request at this many bytes. @default 5000000 */
  flushBytes?: number;
  /** Bulk requests in flight at once. @default 2 */
  concurrency?: number;
  /** Larger documents are rejected before indexing. @default 2000000 */
  maxDocumentBytes?: number;
  /** Shutdown: retry waits end; documents still waiting stay unacknowledged (their page is re-fetched). */
  signal?: AbortSignal;
  /** Jitter source for the retry backoff. @default Math.random */
  random?: () => number;
}

export interface Rejection {
  id: string;
  index: string;
  status: number;
  errorType: string;
  reason: string;
}

/** Where the sink reports each document's fate; every pushed document gets exactly one call. */
export interface SinkAcks {
  indexed(id: string): void;
  rejected(document: Mention, rejection: Rejection): void;
}

export interface Sink {
  /** Waits while the sink's buffer is full: a slow Elasticsearch slows the caller down. */
  push(mention: Mention): Promise<void>;
  /** No more documents: flush what is buffered; `done` settles once every request has answered. */
  end(): void;
  /** Rejects when a bulk request failed as a whole (cluster unreachable); no ack follows then. */
  done: Promise<void>;
}

interface SinkDoc {
  id: string;
  index: string;
  body: string;
}

/** Item statuses that mean "not now" (queue full, node restarting), never "not this document". */
const retryable = new Set([429, 502, 503, 504]);

/** Exponential backoff with full jitter for a document's n-th retry: 0–1 s, 0–2 s ... capped at 60 s. */
const backoffMs = (attempt: number, random: () => number) => Math.round(random() * Math.min(60_000, 1000 * 2 ** attempt));

/**
 * The indexing sink: ONE `client.helpers.bulk` fed by an async iterable over a bounded
 * buffer, for as long as a run lasts. The helper flushes by bytes (`flushBytes`) and after a
 * second without input, keeps `concurrency` requests in flight and pulls from the buffer only
 * when a slot is free (back-pressure). Documents are serialized once, here, so their size can
 * be checked before they go out.
 *
 * Item-level 429/502/503/504 are back-pressure, not rejections: the document goes back into
 * the buffer after an exponential backoff and is retried until Elasticsearch takes it (the
 * helper's own fixed-wait retries are off). Only permanent refusals (mapping, validation)
 * reach `acks.rejected`. `onSuccess` costs a JSON.parse per document inside the helper; it
 * is what tells which documents a request took (BENCHMARKS.md measures it).
 */
export function openSink(client: Client, names: IndexNames, options: SinkOptions, acks: SinkAcks): Sink {
  const { maxDocumentBytes = 2_000_000, random = Math.random, signal } = options;
  const buffer = new Channel<SinkDoc>(1000);
  const attempts = new Map<string, number>();
  const timers = new Set<{ timer: NodeJS.Timeout; release: () => void }>();
  let retried = 0;
  let lastRetryEvent = 0;

  const onAbort = () => {
    for (const t of timers) (clearTimeout(t.timer), t.release());
    timers.clear();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  function retryLater(doc: Mention, index: string, status: number, reason: string) {
    const attempt = (attempts.get(doc.id) ?? 0) + 1;
    attempts.set(doc.id, attempt);
    const delayMs = backoffMs(attempt - 1, random);
    retried++;
    if (Date.now() - lastRetryEvent > 1000) {
      lastRetryEvent = Date.now();
      events.indexBackPressure(retried, status, reason, delayMs);
      retried = 0;
    }
    if (signal?.aborted) return; // left unacknowledged: its page is fetched again next run
    const release = buffer.hold();
    const entry = {
      release,
      timer: setTimeout(() => {
        timers.delete(entry);
        buffer.pushNow({ id: doc.id, index, body: JSON.stringify(doc) });
        release();
      }, delayMs),
    };
    timers.add(entry);
  }

  async function* documents() {
    for (let r = await buffer.next(); !r.done; r = await buffer.next()) yield r.value;
  }

  async function run() {
    // One helper for the run; a second round only when a retry came back after the input ended.
    do {
      await client.helpers.bulk<SinkDoc>({
        datasource: documents(),
        flushBytes: options.flushBytes ?? 5_000_000,
        concurrency: options.concurrency ?? 2,
        flushInterval: 1000,
        retries: 0,
        // Each item's answer without its index, shard counts, version and sequence numbers:
        // about a quarter of the response to parse.
        filter_path: 'errors,items.*._id,items.*.status,items.*.error',
        onDocument: (doc) => [{ index: { _index: doc.index, _id: doc.id } }, doc.body as never],
        onSuccess: ({ result }) => acks.indexed((result.index ?? result.create)!._id!),
        onDrop: (drop) => {
          const action = (drop.operation as { index: { _index: string; _id: string } }).index;
          const document = drop.document as unknown as Mention;
          const reason = drop.error?.reason ?? (drop.status === 429 ? 'too many requests' : 'no reason given');
          if (retryable.has(drop.status)) return retryLater(document, action._index, drop.status, reason);
          acks.rejected(document, { id: action._id, index: action._index, status: drop.status, errorType: drop.error?.type ?? 'unknown', reason });
        },
      });
    } while (buffer.pending && !signal?.aborted);
  }

  const done = run().finally(() => {
    onAbort();
    signal?.removeEventListener('abort', onAbort);
  });
  done.catch((error) => buffer.fail(error));

  return {
    async push(mention) {
      const doc = { id: mention.id, index: names.index('mentions', mention.publishedAt), body: JSON.stringify(mention) };
      const problem = checkDocument(doc.id, doc.body, maxDocumentBytes);
      if (problem) return acks.rejected(mention, { id: doc.id, index: doc.index, status: 400, ...problem });
      await buffer.push(doc);
    },
    end: () => buffer.close(),
    done,
  };
}

export interface WriteOptions extends SinkOptions {
  /** Refresh the mentions alias when done (tests, benchmarks), so results are searchable at once. */
  refresh?: boolean;
  /** File that keeps rejected documents when the errors index cannot. */
  deadLetterFile: string;
}

export interface WriteResult {
  indexed: number;
  /** Documents Elasticsearch refused; each is in the errors index (or the dead-letter file). */
  rejected: Rejection[];
}

/**
 * Index a batch of mentions through one sink and keep what was refused; for callers outside
 * the runner (tests, benchmarks, backfills). Rejects when the cluster cannot be reached.
 */
export async function writeMentions(
  client: Client,
  names: IndexNames,
  mentions: AsyncIterable<Mention> | Iterable<Mention>,
  options: WriteOptions,
): Promise<WriteResult> {
  let indexed = 0;
  const dropped: { rejection: Rejection; document: Mention }[] = [];
  const sink = openSink(client, names, options, {
    indexed: () => void indexed++,
    rejected: (document, rejection) => void dropped.push({ document, rejection }),
  });
  try {
    for await (const mention of mentions) await sink.push(mention);
  } finally {
    sink.end();
  }
  await sink.done;
  await keepRejected(client, names, dropped, options.deadLetterFile);
  if (options.refresh) await refreshIfAllowed(client, names.alias('mentions'));
  return { indexed, rejected: dropped.map((d) => d.rejection) };
}

/** Rejected documents go to the errors index with their reason (or the dead-letter file). */
export async function keepRejected(client: Client, names: IndexNames, dropped: { rejection: Rejection; document: Mention }[], file: string) {
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

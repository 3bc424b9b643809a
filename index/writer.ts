import type { Client } from '@elastic/elasticsearch';
import type { Mention } from '../model/mention.ts';
import type { IndexNames } from './names.ts';
import { events } from '../log/events.ts';
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
  /**
   * Queue one document. Returns a promise only when the caller must wait: the request being
   * filled is full and every request slot is busy (a slow Elasticsearch slows the caller down).
   * Throws once a bulk request failed as a whole.
   */
  push(mention: Mention): Promise<void> | void;
  /** No more documents: send what is buffered; `done` settles once every request has answered. */
  end(): void;
  /** Rejects when a bulk request failed as a whole (cluster unreachable); no ack follows then. */
  done: Promise<void>;
}

/** A document in a request: where its source bytes sit in the request body. */
interface Item {
  id: string;
  index: string;
  start: number;
  end: number;
}

/** One bulk request being filled or in flight: NDJSON bytes and the documents in their order. */
interface Batch {
  body: Buffer;
  bytes: number;
  items: Item[];
}

interface BulkItem {
  status: number;
  error?: { type?: string; reason?: string };
}

/**
 * How long a request that is not full waits for more documents (from its first one) before it
 * goes at the first free slot. An import's page of 1,000 is enriched in about that time.
 */
const lingerMs = 100;

/** Item statuses that mean "not now" (queue full, node restarting), never "not this document". */
const retryable = new Set([429, 502, 503, 504]);

/** Exponential backoff with full jitter for a document's n-th retry: 0–1 s, 0–2 s ... capped at 60 s. */
const backoffMs = (attempt: number, random: () => number) => Math.round(random() * Math.min(60_000, 1000 * 2 ** attempt));

/**
 * The indexing sink, for as long as a run lasts. Each document is serialized once and its
 * UTF-8 bytes written straight into the NDJSON body of the request being filled, so nothing
 * else holds it until Elasticsearch answers. A request is sent when it reaches `flushBytes`,
 * or at the first free slot once it has waited `lingerMs`, or at the end; `concurrency`
 * requests are in flight at most, and `push` waits while the request being filled is full and
 * every slot is busy (back-pressure). Answers are read by position (Elasticsearch answers the
 * items in request order), asking only for each item's status and error.
 *
 * Item-level 429/502/503/504, and a whole request answered with one of them, are
 * back-pressure, not rejections: the documents go back into the sink after an exponential
 * backoff and are retried until Elasticsearch takes them. Only permanent refusals (mapping,
 * validation) reach `acks.rejected`, with the document read back from the request body.
 *
 * This replaces `client.helpers.bulk` (README, dependency notes): the helper parses every
 * indexed document again to hand it to `onSuccess`, measures each one's bytes, and keeps every
 * document's string until its request is answered.
 */
export function openSink(client: Client, names: IndexNames, options: SinkOptions, acks: SinkAcks): Sink {
  const { maxDocumentBytes = 2_000_000, random = Math.random, signal, flushBytes = 5_000_000, concurrency = 2 } = options;
  const attempts = new Map<string, number>();
  const timers = new Set<{ timer: NodeJS.Timeout; release: () => void }>();
  const spare: Buffer[] = [];
  const empty = Buffer.alloc(0);
  let batch = newBatch();
  let inFlight = 0;
  let held = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let retried = 0;
  let lastRetryEvent = 0;
  const slotWaiters: (() => void)[] = [];
  /** Set when the request being filled has waited `lingerMs`: it goes at the first free slot. */
  let lingering: NodeJS.Timeout | undefined;
  let due = false;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // the caller awaits it later; a failure also reaches it through push

  /** A run that indexes nothing allocates nothing: the body gets its room with the first document. */
  function newBatch(): Batch {
    return { body: spare.pop() ?? empty, bytes: 0, items: [] };
  }

  /** Append one action line and document to the request being filled. */
  function append(id: string, index: string, source: string) {
    const action = `{"index":{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(id)}}}\n`;
    const worst = batch.bytes + 3 * (action.length + source.length) + 1;
    if (worst > batch.body.length) {
      const grown = Buffer.allocUnsafe(Math.max(worst, 2 * batch.body.length, flushBytes + 65_536));
      batch.body.copy(grown, 0, 0, batch.bytes);
      batch.body = grown;
    }
    let at = batch.bytes + batch.body.write(action, batch.bytes);
    const start = at;
    at += batch.body.write(source, at);
    batch.items.push({ id, index, start, end: at });
    batch.body[at] = 0x0a;
    batch.bytes = at + 1;
  }

  /** Send the request being filled once a slot is free. */
  async function flush(): Promise<void> {
    while (inFlight >= concurrency && !failure) await new Promise<void>((r) => slotWaiters.push(r));
    if (failure) throw failure.error;
    if (batch.items.length === 0) return;
    const sent = batch;
    batch = newBatch();
    clearTimeout(lingering);
    lingering = undefined;
    due = false;
    inFlight++;
    send(sent)
      .then(() => {
        inFlight--;
        if (sent.body.length <= flushBytes + 65_536) spare.push(sent.body);
        for (const wake of slotWaiters.splice(0)) wake();
        sendIfDue();
        checkDone();
      })
      .catch(fail);
  }

  /**
   * A request that is not full goes `lingerMs` after its first document, at the first free
   * slot: small pages (a feed's few new posts) share a request instead of sending one each.
   */
  function linger() {
    if (lingering || due) return;
    lingering = setTimeout(() => {
      lingering = undefined;
      due = true;
      sendIfDue();
    }, lingerMs);
  }

  function sendIfDue() {
    if (due && batch.items.length > 0 && inFlight < concurrency && !failure) flush().catch(fail);
  }

  async function send(sent: Batch) {
    const body = sent.body.subarray(0, sent.bytes);
    let answer: { errors?: boolean; items?: Record<string, BulkItem>[] };
    try {
      answer = (await client.bulk({ operations: body as never, filter_path: 'errors,items.*.status,items.*.error' })) as never;
    } catch (error) {
      const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
      if (status === undefined || !retryable.has(status)) throw error;
      // The whole request was turned away (queue full): every document waits and comes back.
      for (const item of sent.items) retryLater(item, sent.body.toString('utf8', item.start, item.end), status, `the whole request: ${(error as Error).message}`);
      return;
    }
    const items = answer.items ?? [];
    if (items.length !== sent.items.length) throw new Error(`bulk: Elasticsearch answered ${items.length} items for ${sent.items.length} documents`);
    for (let i = 0; i < items.length; i++) {
      const item = sent.items[i]!;
      const result = answer.errors ? Object.values(items[i]!)[0]! : undefined;
      if (!result || result.status < 300) {
        acks.indexed(item.id);
        continue;
      }
      const source = sent.body.toString('utf8', item.start, item.end);
      const reason = result.error?.reason ?? (result.status === 429 ? 'too many requests' : 'no reason given');
      if (retryable.has(result.status)) retryLater(item, source, result.status, reason);
      else acks.rejected(JSON.parse(source) as Mention, { id: item.id, index: item.index, status: result.status, errorType: result.error?.type ?? 'unknown', reason });
    }
  }

  function retryLater(item: Item, source: string, status: number, reason: string) {
    const attempt = (attempts.get(item.id) ?? 0) + 1;
    attempts.set(item.id, attempt);
    const delayMs = backoffMs(attempt - 1, random);
    retried++;
    if (Date.now() - lastRetryEvent > 1000) {
      lastRetryEvent = Date.now();
      events.indexBackPressure(retried, status, reason, delayMs);
      retried = 0;
    }
    if (signal?.aborted) return; // left unacknowledged: its page is fetched again next run
    held++;
    const entry = {
      release: () => {
        held--;
        checkDone();
      },
      timer: setTimeout(() => {
        timers.delete(entry);
        append(item.id, item.index, source);
        linger();
        entry.release();
      }, delayMs),
    };
    timers.add(entry);
  }

  function checkDone() {
    if (failure || !ended || held > 0 || inFlight > 0) return;
    if (batch.items.length > 0) return void flush().catch(fail);
    cleanUp();
    settle.resolve();
  }

  function fail(error: unknown) {
    if (failure) return;
    failure = { error };
    cleanUp();
    for (const wake of slotWaiters.splice(0)) wake();
    settle.reject(error);
  }

  const onAbort = () => {
    for (const t of timers) (clearTimeout(t.timer), t.release());
    timers.clear();
  };
  function cleanUp() {
    clearTimeout(lingering);
    for (const t of timers) clearTimeout(t.timer);
    timers.clear();
    signal?.removeEventListener('abort', onAbort);
  }
  signal?.addEventListener('abort', onAbort, { once: true });

  return {
    push(mention) {
      if (failure) throw failure.error;
      const index = names.index('mentions', mention.publishedAt);
      const source = JSON.stringify(mention);
      const problem = checkDocument(mention.id, source, maxDocumentBytes);
      if (problem) return acks.rejected(mention, { id: mention.id, index, status: 400, ...problem });
      append(mention.id, index, source);
      if (batch.bytes >= flushBytes) return flush();
      linger();
    },
    end() {
      ended = true;
      checkDone();
    },
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

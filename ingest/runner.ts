import { keepRejected, openSink } from '../index/writer.ts';
import { refreshIfAllowed } from '../index/access.ts';
import { erasedAuthors, isErased } from '../index/erased.ts';
import { recordErrors, type ErrorRecord } from '../index/errors.ts';
import { events } from '../log/events.ts';
import { logger } from '../log/logger.ts';
import type { Page, Problem, Source } from './collector.ts';
import { fetchPage, SourceError } from './page-fetch.ts';
import { AckLedger, type AckedPage } from './acks.ts';
import { Channel } from './channel.ts';
import { CursorCommitter } from './commit.ts';
import { enrichPage } from './enrich-stage.ts';
import type { Pipeline, RunOptions, RunResult } from './pipeline.ts';
import type { SourceBase } from './source-config.ts';
import { collectors } from './registry.ts';

/** Pages buffered between two stages: enough to keep every stage busy, little enough to stay flat. */
const pagesBuffered = 2;

/**
 * One run of one source as a streaming pipeline (docs/collectors-runner-twitter.md):
 * fetch → enrich → place (`hooks.beforeIndex`, in page order) → sink (one bulk helper), with
 * bounded buffers between the stages, so the next page is fetched and enriched while earlier
 * ones are indexed and a slow Elasticsearch slows the source down. Acknowledgements flow back
 * through the ledger: `afterIndex` sees a page once Elasticsearch answered for it, and a
 * cursor is committed (batched) only for pages that were answered, with every page before
 * them. A crash anywhere means re-fetching, never skipping.
 */
export async function runSource(pipeline: Pipeline, config: SourceBase & { type: string }, source: Source, options: RunOptions | boolean = true): Promise<RunResult> {
  const { persist = true, cursorKey = config.name, health = true, maxPages = config.maxPagesPerRun, fromStart = false } = typeof options === 'boolean' ? { persist: options } : options;
  const { client, names, hooks } = pipeline;
  const result: RunResult = { source: config.name, pages: 0, collected: 0, indexed: 0, rejected: 0, problems: [] };
  const committer = persist ? new CursorCommitter(pipeline.state, cursorKey, config.name, health, (e) => events.sourceFailed(config.name, 'commit', e.message)) : undefined;
  let erased: Set<string>;
  let reading = 'the stored cursor';
  try {
    const stored = await committer?.start();
    if (!fromStart) result.startCursor = stored;
    reading = 'the erased authors';
    erased = await erasedAuthors(pipeline.state);
    await hooks?.erased?.(erased);
  } catch (error) {
    // Without its cursor the source cannot know where to go on, and without the erased authors
    // what it must leave out: it does not run; the others do.
    result.error = `cannot read ${reading}: ${(error as Error).message}`;
    result.errorType = 'state';
    events.sourceFailed(config.name, result.errorType, result.error);
    return result;
  }

  let failure: unknown;
  const halt = new AbortController();
  const fetched = new Channel<Page>(pagesBuffered);
  const enriched = new Channel<Page>(pagesBuffered);
  const fail = (error: unknown) => {
    failure ??= error;
    halt.abort(error);
    fetched.fail(error);
    enriched.fail(error);
  };
  const hookLane = serial();
  let ackLane = Promise.resolve();
  const ledger = new AckLedger((page) => {
    ackLane = ackLane.then(() => (failure === undefined ? acknowledge(page) : undefined)).catch(fail);
  });
  const es = pipeline.config.elasticsearch;
  const sink = openSink(client, names, { flushBytes: es.flushBytes, concurrency: es.concurrency, maxDocumentBytes: es.maxDocumentBytes, signal: pipeline.signal, random: pipeline.random }, ledger);

  async function fetchAll() {
    const env = { ...pipeline, signal: pipeline.signal ? AbortSignal.any([pipeline.signal, halt.signal]) : halt.signal };
    let cursor = result.startCursor;
    try {
      for (;;) {
        if (env.signal.aborted) break;
        const page = await fetchPage(env, config, source, cursor);
        result.pages++;
        const kept = erased.size ? page.mentions.filter((m) => !isErased(erased, m)) : page.mentions;
        if (kept.length < page.mentions.length) {
          result.erased = (result.erased ?? 0) + page.mentions.length - kept.length;
          page.mentions = kept;
        }
        await fetched.push(page);
        if (page.cursor) cursor = page.cursor;
        if (page.done) break;
        if (result.pages >= maxPages) {
          result.limited = { reason: 'maxPagesPerRun', pages: result.pages };
          break;
        }
      }
    } catch (error) {
      if (pipeline.signal?.aborted) result.stopped = true;
      else if (!halt.signal.aborted) {
        // The pages fetched so far still go through; the run ends with the error.
        result.error = (error as Error).message;
        result.errorType = error instanceof SourceError ? error.errorType : 'run';
      }
    } finally {
      fetched.close();
    }
  }

  // Several pages in the enrich stage at once (at most three): a worker pool gets the next page
  // while it still works on this one, instead of waiting for the main thread to come back to
  // it. Each page is handed on, in order, as soon as it is enriched.
  async function enrichPages() {
    const inHand = new Channel<Promise<Page>>(1);
    const handOn = (async () => {
      for await (const done of inHand) await enriched.push(await done);
    })();
    handOn.catch((error) => inHand.fail(error));
    try {
      for await (const page of fetched) {
        const done = enrichPage(pipeline, page).then((mentions) => Object.assign(page, { mentions }));
        done.catch(() => {}); // awaited in order by handOn; a failure is rethrown there
        await inHand.push(done);
      }
      inHand.close();
      await handOn;
    } finally {
      enriched.close();
    }
  }

  async function place() {
    try {
      for await (const page of enriched) {
        const mentions = hooks?.beforeIndex ? await hookLane(() => hooks.beforeIndex!(page.mentions)) : page.mentions;
        result.collected += mentions.length;
        // The mentions are kept until acknowledged only for `afterIndex`; otherwise their ids suffice.
        ledger.add({ mentions, problems: page.problems, cursor: page.cursor, failed: page.failed }, !hooks?.afterIndex);
        for (const m of mentions) {
          const full = sink.push(m);
          if (full) await full;
        }
      }
    } finally {
      sink.end();
    }
  }

  async function acknowledge(page: AckedPage) {
    await keepRejected(client, names, page.rejected, es.deadLetterFile);
    await reportProblems(pipeline, config.name, page.problems);
    const refused = new Set(page.rejected.map((r) => r.rejection.id));
    const indexed = refused.size ? page.mentions.filter((m) => !refused.has(m.id)) : page.mentions;
    if (hooks?.afterIndex && indexed.length) await hookLane(() => hooks.afterIndex!(indexed));
    result.indexed += page.indexed;
    result.rejected += page.rejected.length;
    for (const { rejection: r } of page.rejected) {
      const kind = ((result.rejectedBy ??= {})[r.errorType] ??= { count: 0, example: `${r.id}: ${r.reason}` });
      kind.count++;
    }
    result.problems.push(...page.problems);
    if (page.failed?.length) result.failed = [...(result.failed ?? []), ...page.failed];
    committer?.acked(page.cursor, page.indexed);
    if (ledger.waiting === 0 && !fetched.pending && !enriched.pending) committer?.idle();
    else await committer?.maybeCommit();
  }

  await Promise.all([fetchAll(), enrichPages().catch(fail), place().catch(fail)]);
  await sink.done.catch(fail);
  for (let lane = ackLane; ; lane = ackLane) if ((await lane, lane === ackLane)) break;
  if (failure !== undefined && !result.error) {
    result.error = (failure as Error).message;
    result.errorType = 'index';
    events.sourceFailed(config.name, result.errorType, result.error);
  } else if (result.error) events.sourceFailed(config.name, result.errorType!, result.error);
  if (pipeline.signal?.aborted) result.stopped = !result.error;

  if (hooks?.afterRun) await hookLane(hooks.afterRun).catch((e) => events.sourceFailed(config.name, 'after_run', (e as Error).message));
  if (result.limited) events.sourceLimited(config.name, result.limited.reason, result.limited.pages);
  events.sourceCollected(config.name, result.collected, result.indexed, result.rejected, result.erased);
  const at = pipeline.now().toISOString();
  const final = { lastRunAt: at, limited: result.limited, ...(result.error ? { lastErrorAt: at, lastError: result.error, lastErrorType: result.errorType } : { lastSuccessAt: at }) };
  await committer?.commit(final).catch((e) => events.sourceFailed(config.name, 'commit', (e as Error).message));
  if (pipeline.refresh) await refreshWritten(pipeline).catch((e) => events.sourceFailed(config.name, 'refresh', (e as Error).message));
  return result;
}

/** Make what a command wrote searchable (mentions, stories, errors, cursors): once at its end, never while loading. */
export async function refreshWritten(pipeline: Pick<Pipeline, 'client' | 'names'>): Promise<void> {
  const { names } = pipeline;
  // Without the `maintenance` privilege the refresh is skipped (logged): the periodic one follows.
  await refreshIfAllowed(pipeline.client, ['mentions', 'errors', 'stories', 'state'].map((kind) => names.alias(kind)).join(','));
}

/** Calls run one at a time, in the order they were made (the story tracker's hooks share one state). */
function serial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const next = last.then(fn);
    last = next.catch(() => {});
    return next;
  };
}

async function reportProblems(pipeline: Pipeline, source: string, problems: Problem[]) {
  const at = pipeline.now().toISOString();
  const records: ErrorRecord[] = problems.map((p) => {
    if (!p.summarised) events.sourceProblem(source, p.where, p.errorType, p.message);
    return { '@timestamp': at, kind: 'problem', stage: 'ingest', source, where: p.where, errorType: p.errorType, message: p.message };
  });
  await recordErrors(pipeline.client, pipeline.names, records, pipeline.config.elasticsearch.deadLetterFile);
}

/** Instantiate a configured source from the collector registry. */
export function createSource(pipeline: Pipeline, config: SourceBase & { type: string }): Source {
  const collector = collectors[config.type];
  if (!collector) throw new Error(`ingest: no collector of type \`${config.type}\``);
  return collector.create(config, { baseDir: pipeline.config.baseDir, log: logger.child({ source: config.name }), now: pipeline.now, brands: pipeline.config.brands, languages: pipeline.config.languages });
}

/**
 * One pass over every enabled source; one failing source never stops the others.
 * `persist: false` starts every source from the beginning and stores no cursor (the demo).
 */
export async function runOnce(pipeline: Pipeline, { persist = true } = {}): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const config of pipeline.config.sources.filter((s) => s.enabled)) {
    const source = createSource(pipeline, config);
    try {
      results.push(await runSource(pipeline, config, source, { persist }));
    } finally {
      await source.close?.();
    }
  }
  return results;
}

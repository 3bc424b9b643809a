import type { Client } from '@elastic/elasticsearch';
import type { Config } from '../config/schema.ts';
import type { EnrichStep } from '../enrich/pipeline.ts';
import type { IndexNames } from '../index/names.ts';
import type { StateStore } from '../index/state.ts';
import { writeMentions } from '../index/writer.ts';
import { recordErrors, type ErrorRecord } from '../index/errors.ts';
import { events } from '../log/events.ts';
import { logger } from '../log/logger.ts';
import type { Cursor, Problem, Source } from './collector.ts';
import { fetchPage, SourceError } from './page-fetch.ts';
import type { Mention } from '../model/mention.ts';
import type { SourceBase } from './source-config.ts';
import { collectors } from './registry.ts';

/** What every run needs: built once by the CLI, handed to the runner. */
export interface Pipeline {
  config: Config;
  client: Client;
  names: IndexNames;
  state: StateStore;
  enrich: EnrichStep;
  now(): Date;
  /** Refresh after writing so results are searchable at once (tests, one-shot imports). */
  refresh?: boolean;
  /**
   * The enrich stage for a whole page (a worker-thread pool); without it `enrich` runs here on
   * each mention. Must return the mentions in the order given.
   */
  enrichBatch?: (mentions: Mention[]) => Promise<Mention[]>;
  /**
   * Stages that see a whole page at once (story tracking): `beforeIndex` may rewrite the
   * enriched mentions (e.g. set `enrichment.story`); `afterIndex` runs once they are indexed;
   * `afterRun` once a source's run ends, whatever its outcome (write what was batched).
   */
  hooks?: {
    beforeIndex?: (mentions: Mention[]) => Promise<Mention[]>;
    afterIndex?: (mentions: Mention[]) => Promise<void>;
    afterRun?: () => Promise<void>;
  };
  /** Waits of backoff and rate limits; tests pass one that moves a fake clock instead. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source for backoff. @default Math.random */
  random?: () => number;
  /** Aborted on shutdown: waits end, runs stop after the page in hand (its cursor committed). */
  signal?: AbortSignal;
}

export interface SourceHealth {
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  lastErrorType?: string;
  /** Mentions indexed by this source since it was first run. */
  collected: number;
}

export interface RunResult {
  source: string;
  pages: number;
  collected: number;
  indexed: number;
  rejected: number;
  problems: Problem[];
  error?: string;
  /** True when shutdown ended the run early (not an error). */
  stopped?: boolean;
  /** Kind of `error`: `timeout`, `http_503`, `network`, `rate_limit`, `run`... */
  errorType?: string;
  /** Parts of the source (feeds) that failed while the rest went on (`Page.failed`). */
  failed?: string[];
  /** Set when a per-run limit ended the run before the source was done; the next run continues from the cursor. */
  limit?: string;
}

/** One page's mentions through the enrich stage: the batch function (worker pool) when given. */
async function enrichPage(pipeline: Pipeline, mentions: Mention[], problems: Problem[]): Promise<Mention[]> {
  if (pipeline.enrichBatch && mentions.length > 0) {
    try {
      return await pipeline.enrichBatch(mentions);
    } catch (error) {
      // The pool failed, not the mentions: enrich them here rather than lose the page.
      events.enrichBatchFailed((error as Error).message, mentions.length);
    }
  }
  return enrichAll(pipeline, mentions, problems);
}

function enrichAll(pipeline: Pipeline, mentions: Mention[], problems: Problem[]): Mention[] {
  return mentions.map((m) => {
    try {
      return pipeline.enrich(m);
    } catch (error) {
      // A failing enrich step must not lose the mention: index it raw and say so.
      problems.push({ where: m.id, errorType: 'enrich', message: (error as Error).message });
      return m;
    }
  });
}

/**
 * One run of one source: page after page from its stored cursor, each page enriched and
 * indexed before its cursor is committed, so a crash anywhere means re-fetching, never skipping.
 */
export async function runSource(pipeline: Pipeline, config: SourceBase & { type: string }, source: Source, persist = true): Promise<RunResult> {
  const { state, names, client } = pipeline;
  const result: RunResult = { source: config.name, pages: 0, collected: 0, indexed: 0, rejected: 0, problems: [] };
  let cursor = persist ? await state.get<Cursor>('cursor', config.name) : undefined;
  // Counted with each page's cursor, in one request: a crash mid-run loses neither.
  const health = persist ? ((await state.get<SourceHealth>('health', config.name)) ?? { collected: 0 }) : { collected: 0 };
  let done = false;
  try {
    while (result.pages < config.maxPagesPerRun) {
      if (pipeline.signal?.aborted) break;
      const page = await fetchPage(pipeline, config, source, cursor);
      result.pages++;
      const enriched = await enrichPage(pipeline, page.mentions, page.problems);
      const mentions = pipeline.hooks?.beforeIndex ? await pipeline.hooks.beforeIndex(enriched) : enriched;
      result.collected += mentions.length;
      const written = await writeMentions(client, names, mentions, {
        refresh: pipeline.refresh,
        deadLetterFile: pipeline.config.elasticsearch.deadLetterFile,
        flushBytes: pipeline.config.elasticsearch.flushBytes,
        concurrency: pipeline.config.elasticsearch.concurrency,
      });
      result.indexed += written.indexed;
      result.rejected += written.rejected.length;
      await pipeline.hooks?.afterIndex?.(mentions);
      await reportProblems(pipeline, config.name, page.problems);
      result.problems.push(...page.problems);
      if (page.failed?.length) result.failed = [...(result.failed ?? []), ...page.failed];
      if (page.cursor) {
        cursor = page.cursor;
        if (persist) {
          await state.putMany([
            { kind: 'cursor', key: config.name, value: cursor },
            { kind: 'health', key: config.name, value: { ...health, collected: health.collected + result.indexed } },
          ]);
        }
      }
      if ((done = page.done)) break;
    }
    if (!done && !pipeline.signal?.aborted) {
      result.limit = `maxPagesPerRun (${config.maxPagesPerRun}) reached; the next run continues from here`;
      events.sourceLimited(config.name, result.limit);
    }
  } catch (error) {
    if (pipeline.signal?.aborted) {
      // Shutdown is not a failure: the pages done so far are indexed and their cursor committed.
      result.stopped = true;
    } else {
      result.error = (error as Error).message;
      result.errorType = error instanceof SourceError ? error.errorType : 'run';
      events.sourceFailed(config.name, result.errorType, result.error);
    }
  }
  await pipeline.hooks?.afterRun?.().catch((e) => events.sourceFailed(config.name, 'after_run', (e as Error).message));
  events.sourceCollected(config.name, result.collected, result.indexed, result.rejected);
  if (persist) await saveHealth(pipeline, result, health).catch((e) => events.sourceFailed(config.name, 'health', (e as Error).message));
  return result;
}

async function reportProblems(pipeline: Pipeline, source: string, problems: Problem[]) {
  const at = pipeline.now().toISOString();
  const records: ErrorRecord[] = problems.map((p) => {
    if (!p.summarised) events.sourceProblem(source, p.where, p.errorType, p.message);
    return { '@timestamp': at, kind: 'problem', stage: 'ingest', source, where: p.where, errorType: p.errorType, message: p.message };
  });
  await recordErrors(pipeline.client, pipeline.names, records, pipeline.config.elasticsearch.deadLetterFile);
}

async function saveHealth(pipeline: Pipeline, result: RunResult, previous: SourceHealth) {
  const at = pipeline.now().toISOString();
  await pipeline.state.put<SourceHealth>('health', result.source, {
    ...previous,
    lastRunAt: at,
    collected: previous.collected + result.indexed,
    ...(result.error ? { lastErrorAt: at, lastError: result.error, lastErrorType: result.errorType } : { lastSuccessAt: at }),
  });
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
      results.push(await runSource(pipeline, config, source, persist));
    } finally {
      await source.close?.();
    }
  }
  return results;
}

import type { Client } from '@elastic/elasticsearch';
import type { Config } from '../config/schema.ts';
import type { EnrichStep } from '../enrich/pipeline.ts';
import type { IndexNames } from '../index/names.ts';
import type { StateStore } from '../index/state.ts';
import { writeMentions } from '../index/writer.ts';
import { recordErrors, type ErrorRecord } from '../index/errors.ts';
import { events } from '../log/events.ts';
import { logger } from '../log/logger.ts';
import type { Cursor, Page, Problem, Source } from './collector.ts';
import type { Mention } from './mention.ts';
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
   * Stages that see a whole page at once (story tracking): `beforeIndex` may rewrite the
   * enriched mentions (e.g. set `enrichment.story`); `afterIndex` runs once they are indexed.
   */
  hooks?: {
    beforeIndex?: (mentions: Mention[]) => Promise<Mention[]>;
    afterIndex?: (mentions: Mention[]) => Promise<void>;
  };
}

export interface SourceHealth {
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s ... capped at 60 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.round(random() * Math.min(60_000, 1000 * 2 ** attempt));
}

async function fetchWithRetries(config: SourceBase, source: Source, cursor: Cursor | undefined): Promise<Page> {
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${config.timeoutSecs}s`)), config.timeoutSecs * 1000);
    try {
      return await source.fetchPage(cursor, controller.signal);
    } catch (error) {
      const message = controller.signal.aborted ? String((controller.signal.reason as Error).message) : (error as Error).message;
      if (attempt >= config.retries) throw new Error(message);
      events.sourceProblem(config.name, 'fetch', 'retry', `${message}; retry ${attempt + 1} of ${config.retries}`);
      await sleep(backoffMs(attempt));
    } finally {
      clearTimeout(timer);
    }
  }
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
  try {
    while (result.pages < config.maxPagesPerRun) {
      const page = await fetchWithRetries(config, source, cursor);
      result.pages++;
      const enriched = enrichAll(pipeline, page.mentions, page.problems);
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
      if (page.cursor) {
        cursor = page.cursor;
        if (persist) await state.put('cursor', config.name, cursor);
      }
      if (page.done) break;
    }
  } catch (error) {
    result.error = (error as Error).message;
    events.sourceFailed(config.name, 'run', result.error);
  }
  events.sourceCollected(config.name, result.collected, result.indexed, result.rejected);
  if (persist) await saveHealth(pipeline, result).catch((e) => events.sourceFailed(config.name, 'health', (e as Error).message));
  return result;
}

async function reportProblems(pipeline: Pipeline, source: string, problems: Problem[]) {
  const at = pipeline.now().toISOString();
  const records: ErrorRecord[] = problems.map((p) => {
    events.sourceProblem(source, p.where, p.errorType, p.message);
    return { '@timestamp': at, kind: 'problem', stage: 'ingest', source, where: p.where, errorType: p.errorType, message: p.message };
  });
  await recordErrors(pipeline.client, pipeline.names, records, pipeline.config.elasticsearch.deadLetterFile);
}

async function saveHealth(pipeline: Pipeline, result: RunResult) {
  const previous = (await pipeline.state.get<SourceHealth>('health', result.source)) ?? { collected: 0 };
  const at = pipeline.now().toISOString();
  await pipeline.state.put<SourceHealth>('health', result.source, {
    ...previous,
    lastRunAt: at,
    collected: previous.collected + result.indexed,
    ...(result.error ? { lastErrorAt: at, lastError: result.error } : { lastSuccessAt: at }),
  });
}

/** Instantiate a configured source from the collector registry. */
export function createSource(pipeline: Pipeline, config: SourceBase & { type: string }): Source {
  const collector = collectors[config.type];
  if (!collector) throw new Error(`ingest: no collector of type \`${config.type}\``);
  return collector.create(config, { baseDir: pipeline.config.baseDir, log: logger.child({ source: config.name }), now: pipeline.now });
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

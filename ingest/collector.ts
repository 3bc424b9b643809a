import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Mention } from '../model/mention.ts';
import type { BrandConfig } from '../enrich/config.ts';

/**
 * The contract every collector meets (spec: docs/specs/collector.md). A collector says how
 * to fetch one page and how to read it into Mentions; scheduling, timeouts, retries, rate
 * limits, indexing and cursor commits belong to the runner.
 */
export interface Collector<C extends { type: string; name: string } = any> {
  /** The `type` a source uses in rykte.yml. */
  name: string;
  /** Zod schema of the source's config, `type` literal included; unknown keys rejected. */
  configSchema: z.ZodType<C>;
  create(config: C, ctx: CollectorContext): Source;
}

export interface CollectorContext {
  /** Directory of the config file: relative paths in a source resolve against it. */
  baseDir: string;
  log: Logger;
  /** Clock, so tests can move time. */
  now(): Date;
  /** Brands from rykte.yml, for collectors that keep only matching items (monitored feeds). */
  brands?: readonly BrandConfig[];
  /** `languages` from rykte.yml: brand queries stem words for these, as the enrich stage does. */
  languages?: readonly string[];
}

/** Opaque JSON a source uses to know where it left off; stored by the runner. */
export type Cursor = Record<string, unknown>;

/** A problem with one item or one request that did not stop the rest. */
export interface Problem {
  /** Where: a line number, URL, item GUID. */
  where: string;
  /** Short machine-friendly kind: `parse`, `validation`, `http`, `rate_limit`... */
  errorType: string;
  message: string;
  /** The collector already counted it in a summary log line: record it, but log no line of its own. */
  summarised?: boolean;
}

export interface Page {
  mentions: Mention[];
  problems: Problem[];
  /** Cursor to store once every mention of this page (and all earlier pages) is indexed. */
  cursor: Cursor | undefined;
  /** True when the source has nothing more right now; false asks the runner for the next page. */
  done: boolean;
  /** Parts of the source (feeds) that failed in this page while the rest went on; `rykte once` exits non-zero. */
  failed?: string[];
}

export interface Source {
  /** Fetch the page after `cursor` (undefined on the very first run). Throw on a failed request. */
  fetchPage(cursor: Cursor | undefined, signal: AbortSignal): Promise<Page>;
  /** Release sockets, streams, timers. */
  close?(): Promise<void>;
}

/**
 * Thrown by a collector when the service says "slow down" (HTTP 429, x-rate-limit-remaining 0):
 * the runner waits until `retryAt` and retries without counting it as a failure.
 */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** A failed HTTP exchange. The runner retries 5xx and network errors, not other 4xx. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

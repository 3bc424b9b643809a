import type { Client } from '@elastic/elasticsearch';
import type { Config } from '../config/schema.ts';
import type { EnrichStep } from '../enrich/pipeline.ts';
import type { IndexNames } from '../index/names.ts';
import type { StateStore } from '../index/state.ts';
import type { Mention } from '../model/mention.ts';
import type { Cursor, Problem } from './collector.ts';
import type { RunLimit } from './commit.ts';

/** What every run needs: built once by the CLI, handed to the runner. */
export interface Pipeline {
  config: Config;
  client: Client;
  names: IndexNames;
  state: StateStore;
  enrich: EnrichStep;
  now(): Date;
  /** Refresh at the end of each run so results are searchable at once (tests); commands refresh once at their end. */
  refresh?: boolean;
  /**
   * The enrich stage for a whole page (a worker-thread pool); without it `enrich` runs here on
   * each mention. Must return the mentions in the order given.
   */
  enrichBatch?: (mentions: Mention[]) => Promise<Mention[]>;
  /**
   * Stages that see a whole page at once (story tracking): `beforeIndex` may rewrite the
   * enriched mentions (e.g. set `enrichment.story`), called page after page in order;
   * `afterIndex` gets a page's mentions once Elasticsearch indexed them (pages in order);
   * `afterRun` once a source's run ends, whatever its outcome (write what was batched).
   * The three never run at the same time; a write `afterIndex` started may go on while the
   * next pages are placed, and `afterRun` waits for it.
   */
  hooks?: {
    beforeIndex?: (mentions: Mention[]) => Promise<Mention[]>;
    afterIndex?: (mentions: Mention[]) => Promise<void>;
    afterRun?: () => Promise<void>;
    /** The erased authors (`rykte forget`), at the start of every run (and of every placement round of `rykte run`'s story stage). */
    erased?: (keys: ReadonlySet<string>) => Promise<void>;
  };
  /** Waits of backoff and rate limits; tests pass one that moves a fake clock instead. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source for backoff. @default Math.random */
  random?: () => number;
  /** Aborted on shutdown: waits end, no new page is fetched, pages in hand are indexed and their cursor committed. */
  signal?: AbortSignal;
}

export interface RunResult {
  source: string;
  pages: number;
  collected: number;
  indexed: number;
  rejected: number;
  problems: Problem[];
  /** Posts of erased authors (`rykte forget`) left out, when there were any. */
  erased?: number;
  error?: string;
  /** True when shutdown ended the run early (not an error). */
  stopped?: boolean;
  /** Kind of `error`: `timeout`, `http_503`, `network`, `rate_limit`, `index`, `run`... */
  errorType?: string;
  /** Parts of the source (feeds) that failed while the rest went on (`Page.failed`). */
  failed?: string[];
  /** Set when a per-run limit ended the run before the source was done; the next run continues. */
  limited?: RunLimit;
  /** The cursor the run started from (undefined: from the beginning). */
  startCursor?: Cursor;
  /** Refused documents by error type (Elasticsearch's, or the pre-index check's), with the first one's reason. */
  rejectedBy?: Record<string, { count: number; example: string }>;
}

export interface RunOptions {
  /** Start from the stored cursor and commit new ones (false: from the beginning, nothing stored). @default true */
  persist?: boolean;
  /** Key of the stored cursor. @default the source's name */
  cursorKey?: string;
  /** Keep the source's health for `rykte status`. @default true */
  health?: boolean;
  /** Most pages this run. @default the source's `maxPagesPerRun` */
  maxPages?: number;
  /** Start from the beginning even if a cursor is stored (and store new ones). */
  fromStart?: boolean;
}

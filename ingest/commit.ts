import type { StateStore } from '../index/state.ts';
import type { Cursor } from './collector.ts';

/** What `rykte status` shows of a source; kept in the state index, one document per source. */
export interface SourceHealth {
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  lastErrorType?: string;
  /** Mentions indexed by this source since it was first run. */
  collected: number;
  /** Set when the last run stopped at a per-run limit: the next run continues from its cursor. */
  limited?: RunLimit;
}

/** A per-run limit that ended a run before its source was done. */
export interface RunLimit {
  reason: 'maxPagesPerRun';
  pages: number;
}

/** Commit at most this often while a run goes on (and once at its end). */
export const commitEveryMs = 5000;

/** A pipeline with nothing in flight commits sooner, but at most this often. */
export const idleCommitMs = 1000;

/**
 * Batched cursor commits: the runner hands over each acknowledged page's cursor; the cursor
 * (and the source's health with its `collected` count) is written at most every
 * `commitEveryMs` while pages stream, within `idleCommitMs` once nothing is in flight (a
 * source waiting on the network keeps its place), and at the end of the run — each time in
 * one bulk request without refresh, one request after the other. Only the cursor of pages
 * Elasticsearch answered ever gets here, so a crash re-fetches at most the pages since the
 * last commit, and skips none.
 */
export class CursorCommitter {
  #cursor: Cursor | undefined;
  #version = 0;
  #committed = 0;
  #lastCommit = Date.now();
  #indexed = 0;
  #health: SourceHealth | undefined;
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: StateStore,
    private readonly cursorKey: string,
    private readonly source: string,
    private readonly keepHealth: boolean,
    private readonly onError: (error: Error) => void,
  ) {}

  /** The stored cursor to start from; reads the stored health too. */
  async start(): Promise<Cursor | undefined> {
    if (this.keepHealth) this.#health = (await this.state.get<SourceHealth>('health', this.source)) ?? { collected: 0 };
    return this.state.get<Cursor>('cursor', this.cursorKey);
  }

  acked(cursor: Cursor | undefined, indexed: number): void {
    this.#indexed += indexed;
    if (cursor) (this.#cursor = cursor), this.#version++;
  }

  get #dirty() {
    return this.#version !== this.#committed;
  }

  async maybeCommit(): Promise<void> {
    if (this.#dirty && Date.now() - this.#lastCommit >= commitEveryMs) await this.commit();
  }

  /** Nothing is in flight: commit within `idleCommitMs` of the last commit. */
  idle(): void {
    if (!this.#dirty || this.#timer) return;
    const waitMs = Math.max(0, this.#lastCommit + idleCommitMs - Date.now());
    this.#timer = setTimeout(() => void this.commit().catch(this.onError), waitMs);
    this.#timer.unref();
  }

  /** Write the cursor if it moved, and the health (with `final`: what the run ended with). */
  commit(final?: Partial<SourceHealth>): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const next = this.#chain.then(() => this.#write(final));
    this.#chain = next.catch(() => {});
    return next;
  }

  async #write(final?: Partial<SourceHealth>) {
    const version = this.#version;
    const indexed = this.#indexed;
    const entries: { kind: string; key: string; value: unknown }[] = [];
    if (this.#dirty) entries.push({ kind: 'cursor', key: this.cursorKey, value: this.#cursor });
    let health: SourceHealth | undefined;
    if (this.#health && (this.#dirty || final)) {
      health = { ...this.#health, collected: this.#health.collected + indexed };
      // A run's end says afresh whether it was limited.
      if (final) (delete health.limited, Object.assign(health, final));
      entries.push({ kind: 'health', key: this.source, value: health });
    }
    await this.state.putMany(entries);
    if (health) (this.#health = health), (this.#indexed -= indexed);
    this.#committed = version;
    this.#lastCommit = Date.now();
  }
}

import PQueue from 'p-queue';
import { events } from '../log/events.ts';
import { HttpError, RateLimitedError, type Cursor, type Page, type Source } from './collector.ts';
import type { SourceBase } from './source-config.ts';

/** What fetching needs from the pipeline: a clock, and waits tests can replace. */
export interface FetchEnv {
  now(): Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  signal?: AbortSignal;
}

/** Wait `ms`; rejects early when `signal` aborts (shutdown). Tests inject a fake one. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s ... capped at 60 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.round(random() * Math.min(60_000, 1000 * 2 ** attempt));
}

/** Retry 5xx and network errors (and timeouts); a 4xx other than 429 will fail the same way again. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpError) return error.status >= 500 || error.status === 408;
  return true;
}

/** Why a fetch failed, for events and health: `http_503`, `timeout`, `econnrefused`, `enoent`, `fetch`. */
export function errorType(error: unknown, timedOut = false): string {
  if (timedOut) return 'timeout';
  if (error instanceof HttpError) return `http_${error.status}`;
  if (error instanceof RateLimitedError) return 'rate_limit';
  const code = (error as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code.toLowerCase() : 'fetch';
}

/** One p-queue per source name: concurrency and proactive request caps (`queue` in the config). */
const queues = new Map<string, PQueue>();
export function queueFor(config: SourceBase): PQueue {
  let queue = queues.get(config.name);
  if (!queue) {
    const { concurrency, intervalCap, intervalSecs } = config.queue;
    queue = new PQueue(intervalCap ? { concurrency, intervalCap, interval: intervalSecs * 1000 } : { concurrency });
    queues.set(config.name, queue);
  }
  return queue;
}

/** Guards a collector that throws RateLimitedError for ever with a reset in the past. */
const maxRateLimitWaitsPerPage = 20;

/**
 * One page of one source, the runner's way: through the source's p-queue, under its timeout,
 * retried with backoff on 5xx/network/timeout, waiting out rate limits (capped).
 */
export async function fetchPage(pipeline: FetchEnv, config: SourceBase, source: Source, cursor: Cursor | undefined): Promise<Page> {
  const sleep = pipeline.sleep ?? realSleep;
  let rateLimitWaits = 0;
  for (let attempt = 0; ; ) {
    const controller = new AbortController();
    const timeout = new Error(`timed out after ${config.timeoutSecs}s`);
    const timer = setTimeout(() => controller.abort(timeout), config.timeoutSecs * 1000);
    const signal = pipeline.signal ? AbortSignal.any([controller.signal, pipeline.signal]) : controller.signal;
    // Removed when the page is in: a listener left on a signal that outlives the run (shutdown)
    // would keep every page's mentions reachable through the race below.
    let onAbort = () => {};
    try {
      // A collector may ignore the signal: the race makes the timeout hold anyway.
      const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', (onAbort = () => reject(signal.reason)), { once: true }));
      aborted.catch(() => {});
      return await Promise.race([queueFor(config).add(() => source.fetchPage(cursor, signal), { signal }), aborted]);
    } catch (error) {
      if (pipeline.signal?.aborted) throw new Error('stopped');
      if (error instanceof RateLimitedError && rateLimitWaits++ < maxRateLimitWaitsPerPage) {
        const waitMs = Math.max(0, error.retryAt.getTime() - pipeline.now().getTime());
        if (waitMs > config.maxRateLimitWaitSecs * 1000) {
          throw new SourceError(`rate limited until ${error.retryAt.toISOString()} (more than maxRateLimitWaitSecs ${config.maxRateLimitWaitSecs})`, 'rate_limit');
        }
        events.sourceRateLimited(config.name, error.retryAt.toISOString(), waitMs);
        await sleep(waitMs, pipeline.signal);
        continue;
      }
      const timedOut = controller.signal.aborted;
      const type = errorType(error, timedOut);
      const message = timedOut ? timeout.message : (error as Error).message;
      if (!isRetryable(error) || attempt >= config.retries) throw new SourceError(message, type);
      attempt++;
      const delayMs = backoffMs(attempt - 1, pipeline.random);
      events.sourceRetry(config.name, attempt, config.retries, delayMs, type, message);
      await sleep(delayMs, pipeline.signal);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}

/** A run-ending failure with its kind, so health and events say more than the message. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}


import { errors, type Client } from '@elastic/elasticsearch';
import { events } from '../log/events.ts';
import { reason } from './access.ts';

/**
 * Reaching Elasticsearch at start: a daemon started before its cluster (after a reboot, in a
 * compose file) waits with backoff and says so, instead of exiting. Credentials that are
 * refused end the wait at once with the cluster's reason: waiting cannot fix them.
 */

/** Statuses a cluster answers while it starts or recovers; worth waiting out. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** A one-line explanation of an Elasticsearch failure, or undefined for other errors. */
export function explainElasticsearchError(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const status = error.meta.statusCode ?? 0;
  const detail = reason(error);
  const user = detail.match(/user \[([^\]]+)\]/)?.[1];
  if (status === 401) return `elasticsearch: authentication failed${user ? ` for user "${user}"` : ''} (${detail}); check elasticsearch.username/password or apiKey`;
  if (status === 403) return `elasticsearch: permission denied${user ? ` for user "${user}"` : ''} (${detail}); README "Roles and privileges" lists what each command needs`;
  return undefined;
}

function unreachableReason(error: unknown): string | undefined {
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError) {
    return error.message;
  }
  if (error instanceof errors.ResponseError && TRANSIENT_STATUSES.has(error.meta.statusCode ?? 0)) return `HTTP ${error.meta.statusCode}`;
  return undefined;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Waits between tries; tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** First wait and the longest one. @default 1000, 60000 */
  firstWaitMs?: number;
  maxWaitMs?: number;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Resolve once the cluster answers; wait (1 s, 2 s, 4 s … 60 s) while it cannot be reached or
 * says it is not ready, logging every try with the next wait. Throws at once on refused
 * credentials or any other answer, and when `signal` aborts.
 */
export async function waitForElasticsearch(client: Client, options: WaitOptions = {}): Promise<void> {
  const { signal, sleep = defaultSleep, firstWaitMs = 1000, maxWaitMs = 60_000 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      // Not `GET /`: the minimal distribution has no handler for it.
      await client.cluster.health({}, { maxRetries: 0, requestTimeout: 10_000, signal });
      if (attempt > 1) events.elasticsearchReached(attempt);
      return;
    } catch (error) {
      // Reached and authenticated, but health needs the cluster privilege `monitor`, which a
      // least-privilege ingest role does not have (README "Roles and privileges").
      if (error instanceof errors.ResponseError && error.meta.statusCode === 403) return;
      const reason = unreachableReason(error);
      if (!reason || signal?.aborted) throw new Error(explainElasticsearchError(error) ?? `elasticsearch: ${(error as Error).message}`);
      const waitMs = Math.min(maxWaitMs, firstWaitMs * 2 ** (attempt - 1));
      events.elasticsearchWaiting(attempt, waitMs, reason);
      await sleep(waitMs, signal);
      if (signal?.aborted) throw new Error('elasticsearch: stopped while waiting for the cluster');
    }
  }
}

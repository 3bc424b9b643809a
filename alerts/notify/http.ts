import { events } from '../../log/events.ts';
import { NotifyError, type Clock } from '../alert.ts';

export interface PostOptions {
  headers?: Record<string, string>;
  retries: number;
  timeoutSecs: number;
  clock: Clock;
}

/** Exponential backoff without jitter (one sender per webhook, nothing to spread): 1 s, 2 s, 4 s … 30 s. */
export const backoffMs = (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1));

/** `Retry-After` in seconds or as an HTTP date, in ms from now. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * POST JSON with retries: 429 waits for `Retry-After`, 5xx and network errors back off, other
 * 4xx fail at once (the payload is wrong; repeating it cannot help). Messages never contain the
 * URL: webhook URLs are secrets. Resolves with the number of attempts.
 */
export async function postJson(name: string, url: string, body: unknown, o: PostOptions): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    let waitMs: number;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...o.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutSecs * 1000),
      });
      const text = (await response.text()).slice(0, 200);
      if (response.ok) return attempt;
      problem = `HTTP ${response.status}${text ? ` ${text}` : ''}`;
      if (response.status === 429) waitMs = retryAfterMs(response.headers.get('retry-after'), o.clock.now()) ?? backoffMs(attempt);
      else if (response.status >= 500) waitMs = backoffMs(attempt);
      else throw new NotifyError(`${name} notifier: ${problem}`, attempt);
    } catch (error) {
      if (error instanceof NotifyError) throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      problem = (error as Error).name === 'TimeoutError' ? `timed out after ${o.timeoutSecs}s` : cause ?? (error as Error).message;
      waitMs = backoffMs(attempt);
    }
    if (attempt > o.retries) throw new NotifyError(`${name} notifier: ${problem} (gave up after ${attempt} attempts)`, attempt);
    events.alertNotifyRetry(name, attempt, waitMs, problem);
    await o.clock.sleep(waitMs);
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError, RateLimitedError, type Source } from '../../ingest/collector.ts';
import { backoffMs, fetchPage, queueFor, type FetchEnv } from '../../ingest/page-fetch.ts';
import { sourceBase } from '../../ingest/source-config.ts';
import { logLines } from '../setup.ts';

const page = { mentions: [], problems: [], cursor: { n: 1 }, done: true };
let seq = 0;
const config = (extra: Record<string, unknown> = {}) => sourceBase.parse({ name: `pf-${++seq}`, retries: 3, ...extra });

/** A clock that only moves when the fetcher sleeps. */
function fakeEnv(start = Date.parse('2026-11-23T10:00:00Z')): FetchEnv & { waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return { waits, now: () => new Date(now), random: () => 1, sleep: async (ms) => void (waits.push(ms), (now += ms)) };
}
/** A source that throws the scripted errors in order, then returns `page`. */
function scripted(...errors: Error[]): Source & { calls: number } {
  const s = {
    calls: 0,
    async fetchPage() {
      const error = errors[s.calls++];
      if (error) throw error;
      return page;
    },
  };
  return s;
}

afterEach(() => vi.useRealTimers());

describe('page fetch', () => {
  it('backs off exponentially with full jitter, capped at 60 s', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, () => 1))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect(backoffMs(3, () => 0.5)).toBe(4000);
  });

  it('retries 5xx and network errors, then succeeds', async () => {
    const env = fakeEnv();
    const source = scripted(new HttpError('boom', 503, 'http://x/'), Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    expect(await fetchPage(env, config(), source, undefined)).toBe(page);
    expect([source.calls, env.waits]).toEqual([3, [1000, 2000]]);
    expect(logLines.filter((l) => l.event === 'ingest.retry').map((l) => l.errorType)).toEqual(['http_503', 'econnreset']);
  });

  it('does not retry other 4xx', async () => {
    const env = fakeEnv();
    const source = scripted(new HttpError('nope', 404, 'http://x/'));
    await expect(fetchPage(env, config(), source, undefined)).rejects.toMatchObject({ errorType: 'http_404', message: 'nope' });
    expect([source.calls, env.waits]).toEqual([1, []]);
  });

  it('gives up after `retries` and says why', async () => {
    const env = fakeEnv();
    const source = scripted(...[1, 2, 3].map(() => new HttpError('down', 500, 'http://x/')));
    await expect(fetchPage(env, config({ retries: 2 }), source, undefined)).rejects.toMatchObject({ errorType: 'http_500' });
    expect([source.calls, env.waits]).toEqual([3, [1000, 2000]]);
  });

  it('waits until retryAt on RateLimitedError without spending a retry', async () => {
    const env = fakeEnv();
    const source = scripted(new RateLimitedError('slow down', new Date('2026-11-23T10:05:00Z')), new HttpError('x', 502, 'u'));
    expect(await fetchPage(env, config({ retries: 1 }), source, undefined)).toBe(page);
    expect(env.waits).toEqual([300_000, 1000]);
    expect(logLines.filter((l) => l.event === 'ingest.rate_limited').map((l) => [l.retryAt, l.waitMs])).toEqual([['2026-11-23T10:05:00.000Z', 300_000]]);
  });

  it('times out a fetch that ignores its signal', async () => {
    const source: Source = { fetchPage: () => new Promise(() => {}) };
    await expect(fetchPage(fakeEnv(), config({ timeoutSecs: 0.1, retries: 0 }), source, undefined)).rejects.toMatchObject({ errorType: 'timeout', message: 'timed out after 0.1s' });
  });

  it('starts no more requests per window than the source\'s queue allows', async () => {
    vi.useFakeTimers();
    const queue = queueFor(config({ queue: { concurrency: 4, intervalCap: 2, intervalSecs: 10 } }));
    const started: number[] = [];
    const t0 = Date.now();
    const tasks = [1, 2, 3, 4, 5].map(() => queue.add(async () => void started.push(Date.now() - t0)));
    await vi.advanceTimersByTimeAsync(25_000);
    await Promise.all(tasks);
    expect(started).toEqual([0, 0, 10_000, 10_000, 20_000]);
  });
});

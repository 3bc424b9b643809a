import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../config/load.ts';
import type { SourceConfig } from '../../config/schema.ts';
import type { Pipeline, RunResult } from '../../ingest/pipeline.ts';
import { startSchedule } from '../../ingest/scheduler.ts';

/** A pipeline with only what the scheduler reads; runs are replaced, so no cluster is needed. */
function pipeline(sources: Record<string, unknown>[]): Pipeline {
  return { config: parseConfig({ sources }, '/tmp/rykte.yml'), now: () => new Date() } as Pipeline;
}
const result = (source: string): RunResult => ({ source, pages: 1, collected: 0, indexed: 0, rejected: 0, problems: [] });

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T10:00:30Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('scheduler', () => {
  it('runs each source at once, then every intervalSecs', async () => {
    const runs: string[] = [];
    const schedule = startSchedule(pipeline([{ type: 'import', name: 'a', path: 'a.jsonl', intervalSecs: 60 }, { type: 'import', name: 'b', path: 'b.jsonl', intervalSecs: 120 }]), {
      run: async (_p, c) => (runs.push(c.name), result(c.name)),
    });
    await vi.advanceTimersByTimeAsync(240_000);
    await schedule.stop();
    expect(runs.filter((r) => r === 'a')).toHaveLength(5);
    expect(runs.filter((r) => r === 'b')).toHaveLength(3);
  });

  it('fires cron schedules in UTC', async () => {
    const at: string[] = [];
    const schedule = startSchedule(pipeline([{ type: 'import', name: 'c', path: 'c.jsonl', schedule: '0 */2 * * * *' }]), {
      run: async (_p, c) => (at.push(new Date().toISOString().slice(11, 19)), result(c.name)),
    });
    await vi.advanceTimersByTimeAsync(300_000);
    await schedule.stop();
    expect(at).toEqual(['10:00:30', '10:02:00', '10:04:00']);
  });

  it('never runs the same source twice at once: triggers during a run are skipped', async () => {
    let active = 0;
    let maxActive = 0;
    const starts: number[] = [];
    const schedule = startSchedule(pipeline([{ type: 'import', name: 'slow', path: 's.jsonl', intervalSecs: 10 }]), {
      run: async (_p, c: SourceConfig) => {
        active++;
        maxActive = Math.max(maxActive, active);
        starts.push(Date.now());
        await new Promise((r) => setTimeout(r, 35_000)); // a run three intervals long
        active--;
        return result(c.name);
      },
    });
    await vi.advanceTimersByTimeAsync(100_000);
    const stopped = schedule.stop();
    await vi.advanceTimersByTimeAsync(35_000);
    await stopped;
    expect(maxActive).toBe(1);
    const t0 = Date.parse('2026-11-23T10:00:30Z');
    expect(starts.map((t) => (t - t0) / 1000)).toEqual([0, 40, 80]);
  });

  it('stop() aborts waits through the pipeline signal and waits for the runs in flight', async () => {
    let finished = false;
    let sawAbort = false;
    const schedule = startSchedule(pipeline([{ type: 'import', name: 'waiting', path: 'w.jsonl' }]), {
      run: async (p, c) => {
        await new Promise<void>((resolve) => p.signal!.addEventListener('abort', () => ((sawAbort = true), resolve())));
        await new Promise((r) => setTimeout(r, 1000)); // finishing the page in hand
        finished = true;
        return result(c.name);
      },
    });
    const stopped = schedule.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopped;
    expect([sawAbort, finished]).toEqual([true, true]);
  });

  it('a run that throws is reported and the source keeps its schedule', async () => {
    let n = 0;
    const schedule = startSchedule(pipeline([{ type: 'import', name: 'boom', path: 'b.jsonl', intervalSecs: 10 }]), {
      run: async () => {
        n++;
        throw new Error('kaboom');
      },
    });
    await vi.advanceTimersByTimeAsync(20_000);
    await schedule.stop();
    expect(n).toBe(3);
  });
});

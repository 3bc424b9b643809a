import cron from 'node-cron';
import { sourceWarnings } from './warnings.ts';
import type { SourceConfig } from '../config/schema.ts';
import { events } from '../log/events.ts';
import type { Source } from './collector.ts';
import { createSource, runSource } from './runner.ts';
import type { Pipeline, RunResult } from './pipeline.ts';
import { sourceLease, type Claims } from './claims.ts';

export interface Schedule {
  /** Stop scheduling, end waits (backoff, rate limits) and wait for runs in flight to finish. */
  stop(): Promise<void>;
  /** Run a source now unless it is running (a lease just acquired: no wait for the next trigger). */
  runNow(source: string): void;
  /** Whether a run of the source is in flight. */
  busy(source: string): boolean;
}

export interface ScheduleOptions {
  onResult?: (r: RunResult) => void;
  /** One run of one source; tests replace it to watch triggers without a cluster. */
  run?: (pipeline: Pipeline, config: SourceConfig) => Promise<RunResult>;
  /**
   * With several workers: run only the sources this worker holds a lease on, each with a signal
   * that ends the run (after the page in hand) when the lease is lost (ingest/claims.ts).
   */
  claims?: Pick<Claims, 'holds' | 'signal'>;
}


/**
 * The one place that decides when sources run: per-source cron (UTC) or interval, first run
 * at once, never two runs of the same source at a time (a trigger while one runs is skipped,
 * not queued: the next run starts from the cursor the current one commits).
 */
export function startSchedule(pipeline: Pipeline, options: ScheduleOptions = {}): Schedule {
  // One instance per source for the schedule's life: a stream stays connected between runs and
  // a collector keeps what it learnt of rate limits. Closed on stop.
  const sources = new Map<string, Source>();
  const runKept = (p: Pipeline, config: SourceConfig) => {
    let source = sources.get(config.name);
    if (!source) sources.set(config.name, (source = createSource(p, config)));
    return runSource(p, config, source);
  };
  const { onResult = () => {}, run = runKept, claims } = options;
  for (const [path, message] of sourceWarnings(pipeline.config.sources.filter((s) => s.enabled))) events.configWarning(path, message);
  const inFlight = new Map<string, Promise<void>>();
  const stoppers: (() => void)[] = [];
  const shutdown = new AbortController();
  const running: Pipeline = { ...pipeline, signal: pipeline.signal ? AbortSignal.any([pipeline.signal, shutdown.signal]) : shutdown.signal };

  const trigger = (config: SourceConfig) => {
    if (shutdown.signal.aborted || inFlight.has(config.name)) return;
    if (claims && !claims.holds(sourceLease(config.name))) return;
    const leased = claims ? { ...running, signal: AbortSignal.any([running.signal!, claims.signal(sourceLease(config.name))]) } : running;
    const job = (async () => {
      try {
        onResult(await run(leased, config));
      } catch (error) {
        events.sourceFailed(config.name, 'run', (error as Error).message);
      } finally {
        inFlight.delete(config.name);
      }
    })();
    inFlight.set(config.name, job);
  };

  for (const config of pipeline.config.sources.filter((s) => s.enabled)) {
    if (config.schedule) {
      const task = cron.schedule(config.schedule, () => trigger(config), { timezone: 'UTC', name: config.name });
      stoppers.push(() => void task.destroy());
    } else {
      const timer = setInterval(() => trigger(config), config.intervalSecs * 1000);
      stoppers.push(() => clearInterval(timer));
    }
    trigger(config);
  }

  const enabled = new Map(pipeline.config.sources.filter((s) => s.enabled).map((s) => [s.name, s]));
  return {
    runNow: (source) => enabled.has(source) && trigger(enabled.get(source)!),
    busy: (source) => inFlight.has(source),
    async stop() {
      shutdown.abort(new Error('stopped'));
      for (const stop of stoppers) stop();
      await Promise.all(inFlight.values());
      for (const [name, source] of sources) await source.close?.().catch((e) => events.sourceFailed(name, 'close', (e as Error).message));
    },
  };
}

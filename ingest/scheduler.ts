import cron from 'node-cron';
import type { SourceConfig } from '../config/schema.ts';
import { events } from '../log/events.ts';
import { createSource, runSource, type Pipeline, type RunResult } from './runner.ts';

export interface Schedule {
  /** Stop scheduling and wait for runs in flight to finish. */
  stop(): Promise<void>;
}

/**
 * The one place that decides when sources run: per-source cron (UTC) or interval, first run
 * at once, never two runs of the same source at a time.
 */
export function startSchedule(pipeline: Pipeline, onResult: (r: RunResult) => void = () => {}): Schedule {
  const inFlight = new Map<string, Promise<void>>();
  const stoppers: (() => void)[] = [];
  let stopping = false;

  const trigger = (config: SourceConfig) => {
    if (stopping || inFlight.has(config.name)) return;
    const run = (async () => {
      const source = createSource(pipeline, config);
      try {
        onResult(await runSource(pipeline, config, source));
      } catch (error) {
        events.sourceFailed(config.name, 'run', (error as Error).message);
      } finally {
        await source.close?.();
        inFlight.delete(config.name);
      }
    })();
    inFlight.set(config.name, run);
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

  return {
    async stop() {
      stopping = true;
      for (const stop of stoppers) stop();
      await Promise.all(inFlight.values());
    },
  };
}

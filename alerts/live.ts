import type { Pipeline } from '../ingest/pipeline.ts';
import type { AlertDoc } from './alert.ts';
import { createEngine } from './engine.ts';
import { createNotifiers } from './notify/index.ts';
import { mentionTimeRange } from './query.ts';

/** The alert engine of a pipeline (what `rykte run`, `rykte demo` and `rykte alerts` use). */
export const engineFor = (pipeline: Pipeline) =>
  createEngine({
    client: pipeline.client,
    names: pipeline.names,
    state: pipeline.state,
    config: pipeline.config.alerts,
    now: pipeline.now,
    notifiers: createNotifiers(pipeline.config.alerts.notifiers, undefined, undefined, pipeline.config.serve.publicUrl),
  });

/**
 * Evaluate every rule over the whole indexed time range, as a backtest that stores and sends
 * its matches (`rykte demo`: its mentions are in the past, so no live tick would see them).
 * Alert ids and silences are deterministic, so running it again sends nothing twice.
 */
export async function alertOverIndexedRange(pipeline: Pipeline): Promise<AlertDoc[]> {
  if (pipeline.config.alerts.rules.length === 0) return [];
  const range = await mentionTimeRange(pipeline.client, pipeline.names);
  if (!range) return [];
  const { sent } = await engineFor(pipeline).evaluateRange(range.from, range.to + 1, true);
  return sent;
}

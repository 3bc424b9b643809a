import { events } from '../log/events.ts';
import type { Mention } from '../model/mention.ts';
import type { Page, Problem } from './collector.ts';
import type { Pipeline } from './pipeline.ts';

/** One page's mentions through the enrich stage: the batch function (worker pool) when given. */
export async function enrichPage(pipeline: Pipeline, page: Page): Promise<Mention[]> {
  if (pipeline.enrichBatch && page.mentions.length > 0) {
    try {
      return await pipeline.enrichBatch(page.mentions);
    } catch (error) {
      // The pool failed, not the mentions: enrich them here rather than lose the page.
      events.enrichBatchFailed((error as Error).message, page.mentions.length);
    }
  }
  return enrichEach(pipeline, page.mentions, page.problems);
}

function enrichEach(pipeline: Pipeline, mentions: Mention[], problems: Problem[]): Mention[] {
  return mentions.map((m) => {
    try {
      return pipeline.enrich(m);
    } catch (error) {
      // A failing enrich step must not lose the mention: index it raw and say so.
      problems.push({ where: m.id, errorType: 'enrich', message: (error as Error).message });
      return m;
    }
  });
}

import { workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.ts';
import type { Mention } from '../model/mention.ts';
import { createEnricher } from './pipeline.ts';

/** What a worker answers for a batch: the mentions in order, and which ones an enrich step threw on (left raw). */
export interface BatchResult {
  mentions: Mention[];
  failures: { index: number; message: string }[];
}

// Built once per worker from the config the pool was given (queries compiled, classifier trained).
const enrich = createEnricher((workerData as { config: Config }).config);

/** One batch, enriched exactly as in-process: the same steps, built from the same config. */
export default function enrichTask(mentions: Mention[]): BatchResult {
  const failures: BatchResult['failures'] = [];
  const out = mentions.map((m, index) => {
    try {
      return enrich(m);
    } catch (error) {
      failures.push({ index, message: (error as Error).message });
      return m;
    }
  });
  return { mentions: out, failures };
}

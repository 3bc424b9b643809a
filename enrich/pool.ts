import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Config } from '../config/schema.ts';
import type { Mention } from '../model/mention.ts';
import type { BatchResult } from './pool-task.ts';

export interface EnrichPool {
  /** Enrich a page in worker threads; the mentions come back in the order given. */
  enrichBatch(mentions: Mention[]): Promise<Mention[]>;
  close(): Promise<void>;
}

/**
 * Worker threads for `enrich.threads`: `auto` is one per core beyond two, the pipeline's main
 * thread and one for Elasticsearch or the rest of the machine. On two cores a worker only takes
 * turns with the main thread for the same core and holds a second copy of the enrich models:
 * measured there, 100,000 mentions took as long with one worker as without, at 130 MB more.
 */
export function enrichThreads(setting: number | 'auto', cores = availableParallelism()): number {
  return setting === 'auto' ? Math.max(0, cores - 2) : setting;
}

/** Mentions per task: small enough to spread a page over every thread, large enough that messaging costs little. */
const MIN_CHUNK = 100;

/**
 * Enrichment on every core: `threads` workers (piscina), each building the enrich steps from the
 * same config, so a mention comes out exactly as in-process. A page is split into one chunk per
 * thread. A mention an enrich step throws on, or a worker that dies, fails the whole batch with
 * its reason: the runner then enriches that page in-process, where the failing mention is
 * indexed raw and reported as a problem, as without threads.
 */
export function createEnrichPool(config: Config, { threads }: { threads: number }): EnrichPool {
  // Started on the first batch: commands that only read (search, stories) never pay for it.
  let pool: Piscina<Mention[], BatchResult> | undefined;
  const start = () =>
    new Piscina<Mention[], BatchResult>({
      filename: new URL('./pool-worker.mjs', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      // A worker that leaks fails its batch instead of the machine; enrich holds ~75 MB live.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      workerData: { config },
    });
  return {
    async enrichBatch(mentions) {
      pool ??= start();
      const size = Math.max(MIN_CHUNK, Math.ceil(mentions.length / threads));
      const chunks: Mention[][] = [];
      for (let i = 0; i < mentions.length; i += size) chunks.push(mentions.slice(i, i + size));
      const results = await Promise.all(chunks.map((chunk) => pool!.run(chunk)));
      const failure = results.flatMap((r, c) => r.failures.map((f) => ({ ...f, id: chunks[c]![f.index]!.id })))[0];
      if (failure) throw new Error(`enrich: ${failure.id}: ${failure.message}`);
      return results.flatMap((r) => r.mentions);
    },
    close: async () => {
      await pool?.destroy();
      pool = undefined;
    },
  };
}

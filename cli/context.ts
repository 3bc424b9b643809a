import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@elastic/elasticsearch';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { EnrichStep } from '../enrich/pipeline.ts';
import { createEnrichPool, enrichThreads } from '../enrich/pool.ts';
import { createStoryTracker } from '../enrich/stories/hooks.ts';
import { createClient } from '../index/client.ts';
import { indexNames } from '../index/names.ts';
import { StateStore } from '../index/state.ts';
import type { Pipeline } from '../ingest/pipeline.ts';
import { setAddressPolicy } from '../ingest/http-get.ts';

/**
 * `--config`, then RYKTE_CONFIG, then ./rykte.yml; with none of them, the bundled demo config,
 * so `npm start` followed by `npx rykte search ...` works on a fresh clone.
 */
export function configPath(option?: string): string {
  const path = option ?? process.env.RYKTE_CONFIG ?? 'rykte.yml';
  if (option || process.env.RYKTE_CONFIG || existsSync(path)) return path;
  console.error('rykte: no rykte.yml here; using the bundled demo config (demo/rykte.yml)');
  return fileURLToPath(new URL('../demo/rykte.yml', import.meta.url));
}

/**
 * The in-process enrich steps. Imported when first needed: with worker threads the main thread
 * never loads them (the language tables alone take ~150 MB of memory to load).
 */
async function inProcess(config: Config): Promise<EnrichStep> {
  const { createEnricher } = await import('../enrich/pipeline.ts');
  return createEnricher(config);
}

/** The parts of a pipeline every caller builds the same way, from a loaded config and a client; enrichment in-process. */
export async function assemblePipeline(config: Config, client: Client, overrides: Partial<Pipeline> = {}): Promise<Pipeline> {
  const names = indexNames(config.elasticsearch.indexPrefix);
  setAddressPolicy(config.security);
  const enrich = overrides.enrich ?? (await inProcess(config));
  return { config, client, names, state: new StateStore(client, names), enrich, now: () => new Date(), ...overrides };
}

/**
 * Enrichment in `threads` worker threads (`enrich.threads`). The runner hands each page to
 * `enrichBatch`; when a batch fails (an enrich step threw, a worker died) it enriches that page
 * with `enrich` instead, so the in-process steps are loaded at that moment, and the failing
 * mention is indexed raw and reported as a problem, as without threads.
 */
export function threadedEnrich(config: Config, threads: number) {
  const pool = createEnrichPool(config, { threads });
  let local: EnrichStep | undefined;
  return {
    enrich: ((m) => {
      if (!local) throw new Error('enrich: the in-process steps are loaded only after a batch failed in the worker threads');
      return local(m);
    }) as EnrichStep,
    async enrichBatch(mentions: Parameters<EnrichStep>[0][]) {
      try {
        return await pool.enrichBatch(mentions);
      } catch (error) {
        local ??= await inProcess(config);
        throw error;
      }
    },
    close: () => pool.close(),
  };
}

/** Everything a command needs, built from the config once. */
export async function openPipeline(configFile: string, overrides: Partial<Pipeline> = {}): Promise<Pipeline & { close(): Promise<void> }> {
  const config: Config = await loadConfig(configFile);
  const client: Client = await createClient(config);
  const threads = enrichThreads(config.enrich.threads);
  const workers = threads > 0 ? threadedEnrich(config, threads) : undefined;
  const base = await assemblePipeline(config, client, { ...(workers && { enrich: workers.enrich, enrichBatch: workers.enrichBatch }), ...overrides });
  const pipeline = {
    ...base,
    async close() {
      await workers?.close();
      await client.close();
    },
  };
  // Story tracking sees whole pages as they are indexed (docs/stories.md). Without it the
  // runner keeps no mentions for `afterIndex` while their pages wait for Elasticsearch.
  if (config.stories.enabled) pipeline.hooks ??= createStoryTracker(pipeline);
  return pipeline;
}

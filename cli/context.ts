import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@elastic/elasticsearch';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { createEnricher } from '../enrich/pipeline.ts';
import { createStoryTracker } from '../enrich/stories/hooks.ts';
import { createClient } from '../index/client.ts';
import { indexNames } from '../index/names.ts';
import { StateStore } from '../index/state.ts';
import type { Pipeline } from '../ingest/runner.ts';
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

/** The parts of a pipeline every caller builds the same way, from a loaded config and a client. */
export function assemblePipeline(config: Config, client: Client, overrides: Partial<Pipeline> = {}): Pipeline {
  const names = indexNames(config.elasticsearch.indexPrefix);
  setAddressPolicy(config.security);
  return { config, client, names, state: new StateStore(client, names), enrich: createEnricher(config), now: () => new Date(), ...overrides };
}

/** Everything a command needs, built from the config once. */
export async function openPipeline(configFile: string, overrides: Partial<Pipeline> = {}): Promise<Pipeline & { close(): Promise<void> }> {
  const config: Config = await loadConfig(configFile);
  const client: Client = await createClient(config);
  const pipeline = { ...assemblePipeline(config, client, overrides), close: () => client.close() };
  // Story tracking sees whole pages as they are indexed (docs/stories.md).
  pipeline.hooks ??= createStoryTracker(pipeline);
  return pipeline;
}

import type { Config } from '../config/schema.ts';
import type { Mention } from '../ingest/mention.ts';
import { extractEntities } from './extract-entities.ts';

/** One enrich step: a pure function of a mention (and what it was built from). */
export type EnrichStep = (mention: Mention) => Mention;

/**
 * Build the enrich stage for a config: steps are compiled once (queries, rosters) and then run
 * in order on every mention. Order matters: later steps read what earlier ones wrote.
 */
export function createEnricher(_config: Config): EnrichStep {
  const steps: EnrichStep[] = [extractEntities];
  return (mention) => steps.reduce((m, step) => step(m), mention);
}

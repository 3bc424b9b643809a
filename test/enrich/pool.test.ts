import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { threadedEnrich } from '../../cli/context.ts';
import { runSource } from '../../ingest/runner.ts';
import { sourceBase } from '../../ingest/source-config.ts';
import { loadConfig } from '../../config/load.ts';
import { createEnricher } from '../../enrich/pipeline.ts';
import { createEnrichPool, enrichThreads } from '../../enrich/pool.ts';
import { importLine, toMention } from '../../ingest/import.ts';
import type { Mention } from '../../model/mention.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';
import { logLines } from '../setup.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const config = await loadConfig(join(fixtures, 'enrich-eval.yml'));
// The evaluation set of bench/evaluate-enrichment.ts: four languages, brands, staff, sentiment.
const evaluation: Mention[] = readFileSync(join(fixtures, 'enrich-eval.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => toMention(importLine.parse(JSON.parse(l)), 'eval', '2026-11-30T00:00:00.000Z'));
const pool = createEnrichPool(config, { threads: 2 });
afterAll(() => pool.close());

describe('enrich pool (worker threads)', () => {
  it('uses a thread per core beyond two for auto, none on one or two cores, and a number as given', () => {
    expect([1, 2, 3, 4, 16].map((cores) => enrichThreads('auto', cores))).toEqual([0, 0, 1, 2, 14]);
    expect(enrichThreads(0, 16)).toBe(0);
    expect(enrichThreads(3, 2)).toBe(3);
  });

  it('gives exactly the in-process results on the evaluation set, in order', async () => {
    const enrich = createEnricher(config);
    const inProcess = evaluation.map((m) => enrich(m));
    const threaded = await pool.enrichBatch(evaluation);
    expect(threaded.length).toBe(223);
    expect(threaded).toEqual(inProcess);
    expect(new Set(threaded.map((m) => m.language))).toEqual(new Set(['sv', 'en', 'no', 'da']));
  });

  it('fails the batch with the mention and the reason when an enrich step throws on one mention', async () => {
    const broken = mention({ nativeId: 'broken', text: 42 as unknown as string });
    await expect(pool.enrichBatch([evaluation[0]!, broken])).rejects.toThrow('enrich: x:broken: text.replace is not a function');
    // The workers survive: the next batch is enriched.
    expect((await pool.enrichBatch([evaluation[1]!]))[0]!.enrichment.brands).toEqual(createEnricher(config)(evaluation[1]!).enrichment.brands);
  });
});

describe('a pipeline enriching in worker threads', () => {
  it('indexes every mention of a page one of them fails on: the page is enriched in-process, the failing mention raw with a problem', async () => {
    const env = await testPipeline({ brands: config.brands, languages: config.languages });
    const workers = threadedEnrich(env.pipeline.config, 1);
    try {
      const good = mention({ nativeId: 'good', text: 'Fjällvind gör bra jackor' });
      const broken = mention({ nativeId: 'broken', text: 42 as unknown as string });
      const source = { fetchPage: async () => ({ mentions: [good, broken], problems: [], cursor: undefined, done: true }) };
      const pipeline = { ...env.pipeline, enrich: workers.enrich, enrichBatch: workers.enrichBatch };
      const result = await runSource(pipeline, { ...sourceBase.parse({ name: 'threads' }), type: 'test' }, source, false);
      expect(result).toMatchObject({ indexed: 2, rejected: 0, problems: [{ where: 'x:broken', errorType: 'enrich', message: 'text.replace is not a function' }] });
      expect(logLines.find((l) => l.event === 'enrich.batch_failed')).toMatchObject({ mentions: 2 });
      const stored = await env.client.mget<Mention>({ index: env.names.index('mentions', good.publishedAt), ids: ['x:good', 'x:broken'] });
      expect(stored.docs.map((d) => ('_source' in d ? d._source!.enrichment.brands : 'missing'))).toEqual([['fjallvind'], undefined]);
    } finally {
      await workers.close();
      await env.cleanup();
    }
  });
});

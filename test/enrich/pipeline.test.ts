import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { createEnricher } from '../../enrich/pipeline.ts';
import { writeMentions } from '../../index/writer.ts';
import { importLine, toMention } from '../../ingest/import.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

const config = await loadConfig(join(import.meta.dirname, '..', 'fixtures', 'enrich-eval.yml'));

describe('enrich pipeline', () => {
  it('runs every step in order and fills the whole enrichment', () => {
    const enrich = createEnricher(config);
    const m = enrich(
      mention({
        author: { handle: 'erikjo_pr', followers: 1200 },
        text: 'Så fint att höra! Vindjacka Pro från Fjallvind är inte dålig 👍 @SaraNilsson #hallbarhet https://www.fjallvind.se/vindjacka?utm_source=x',
        references: { quoteOf: { id: '9', authorHandle: 'kund' } },
      }),
    );
    expect(m.language).toBe('sv');
    expect(m.references.mentions).toEqual(['saranilsson']);
    expect({ ...m.enrichment, languageConfidence: undefined }).toEqual({
      hashtags: ['hallbarhet'],
      links: ['https://fjallvind.se/vindjacka'],
      languageConfidence: undefined,
      brands: ['fjallvind'],
      products: ['vindjacka'],
      topics: ['hallbarhet'],
      staff: { authoredBy: ['erik'], mentions: ['sara'], amplifiedBy: ['erik'], people: ['erik', 'sara'] },
      sentiment: { score: 7, label: 'positive' },
    });
    expect(m.enrichment.languageConfidence).toBeGreaterThan(0);
  });

  it('is pure: the input mention is left as it was', () => {
    const input = mention({ text: 'Fjällvind är bra' });
    const copy = structuredClone(input);
    createEnricher(config)(input);
    expect(input).toEqual(copy);
  });
});

describe('enriched mentions in Elasticsearch', () => {
  it('indexes the whole evaluation set under the strict mapping and aggregates per person and relation', async () => {
    const env = await testPipeline();
    try {
      const enrich = createEnricher(config);
      const lines = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'enrich-eval.jsonl'), 'utf8').split('\n').filter(Boolean);
      const mentions = lines.map((l) => enrich(toMention(importLine.parse(JSON.parse(l)), 'eval', '2026-11-30T00:00:00.000Z')));
      const result = await writeMentions(env.client, env.names, mentions, { refresh: true, deadLetterFile: '/dev/null' });
      expect([result.indexed, result.rejected.length]).toEqual([223, 0]);
      const response = await env.client.search({
        index: env.names.alias('mentions'),
        size: 0,
        aggs: {
          amplifiedBy: { terms: { field: 'enrichment.staff.amplifiedBy' } },
          languages: { terms: { field: 'language' } },
        },
      });
      const buckets = (name: string) => (response.aggregations as any)[name].buckets.map((b: any) => [b.key, b.doc_count]);
      expect(buckets('amplifiedBy')).toEqual([['erik', 2], ['sara', 2], ['johan', 1], ['maria', 1], ['oskar', 1]]);
      expect(buckets('languages')).toEqual([['sv', 127], ['en', 80], ['da', 8], ['no', 8]]);
    } finally {
      await env.cleanup();
    }
  });
});

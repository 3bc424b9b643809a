/**
 * Indexing throughput: the pipeline's bulk writer (enrich + helpers.bulk with backpressure and
 * dead-letter handling) against the baseline of raw `_bulk` requests with the same documents,
 * in the same run, on the same cluster.
 *
 *   npx tsx bench/index.ts [mentions=50000]      (ELASTICSEARCH_URL, or a local one is started)
 */
import { Client } from '@elastic/elasticsearch';
import { parseConfig } from '../config/load.ts';
import { createEnricher } from '../enrich/pipeline.ts';
import { indexNames } from '../index/names.ts';
import { setupIndices } from '../index/setup.ts';
import { writeMentions } from '../index/writer.ts';
import type { Mention } from '../model/mention.ts';
import { startElasticsearch } from '../scripts/elasticsearch.ts';

const n = Number(process.argv[2] ?? 50_000);
const words = 'fjällvind vindjacka tält klimat kundtjänst produktion umeå jacka bra dålig snabb leverans retur pris'.split(' ');

function mentions(prefix: string): Mention[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `x:${prefix}${i}`,
    platform: 'x',
    source: 'bench',
    nativeId: `${prefix}${i}`,
    author: { id: String(i % 997), handle: `user${i % 997}`, followers: i % 5000 },
    text: Array.from({ length: 20 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ') + ` https://example.se/a/${i % 100}?utm_source=x #fjallvind`,
    publishedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    collectedAt: new Date(Date.UTC(2026, 10, 20)).toISOString(),
    references: {},
    enrichment: {},
  }));
}

async function main() {
  const es = process.env.ELASTICSEARCH_URL ? undefined : await startElasticsearch({ heapMb: 1024 });
  const client = new Client({ node: process.env.ELASTICSEARCH_URL ?? es!.url });
  const config = parseConfig({}, 'bench.yml');
  const enrich = createEnricher(config);
  try {
    // Baseline: the same documents as raw NDJSON `_bulk` requests of ~5 MB, one at a time.
    const raw = indexNames(`bench-raw-${Date.now()}`);
    await setupIndices(client, raw);
    const rawDocs = mentions('r').map(enrich);
    let t = performance.now();
    let body: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!body.length) return;
      await client.transport.request({ method: 'POST', path: '/_bulk', bulkBody: body.join('') });
      body = [];
      bytes = 0;
    };
    for (const doc of rawDocs) {
      const line = `${JSON.stringify({ index: { _index: raw.index('mentions', doc.publishedAt), _id: doc.id } })}\n${JSON.stringify(doc)}\n`;
      body.push(line);
      bytes += line.length;
      if (bytes >= 5_000_000) await flush();
    }
    await flush();
    const rawSecs = (performance.now() - t) / 1000;

    const pipeline = indexNames(`bench-pipe-${Date.now()}`);
    await setupIndices(client, pipeline);
    t = performance.now();
    const result = await writeMentions(client, pipeline, (function* () {
      for (const m of mentions('p')) yield enrich(m);
    })(), { deadLetterFile: 'bench-deadletter.jsonl' });
    const pipeSecs = (performance.now() - t) / 1000;

    console.log(`mentions: ${n}`);
    console.log(`raw _bulk (baseline):      ${rawSecs.toFixed(2)} s  ${Math.round(n / rawSecs)} mentions/s (enrich done beforehand)`);
    console.log(`pipeline (enrich + bulk):  ${pipeSecs.toFixed(2)} s  ${Math.round(n / pipeSecs)} mentions/s, ${result.indexed} indexed, ${result.rejected.length} rejected`);
    for (const names of [raw, pipeline]) {
      const indices = await client.cat.indices({ index: `${names.prefix}-*`, h: 'index', format: 'json' });
      await client.indices.delete({ index: indices.map((i) => i.index!) });
      await client.indices.deleteIndexTemplate({ name: `${names.prefix}-*` });
    }
  } finally {
    await client.close();
    await es?.stop();
  }
}

await main();

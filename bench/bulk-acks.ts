/**
 * What per-document acknowledgements cost: the same pre-serialized mentions through
 * `client.helpers.bulk` without `onSuccess` (baseline) and with it (the helper then parses
 * every document back from JSON to hand it over; rykte's sink needs it to know which page a
 * request finished). Reports this process's CPU time and the wall time, alternating runs.
 *
 *   ELASTICSEARCH_URL=... npx tsx bench/bulk-acks.ts [mentions=100000] [runs=3]
 */
import { Client } from '@elastic/elasticsearch';
import { indexNames } from '../index/names.ts';
import { setupIndices } from '../index/setup.ts';

const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const client = new Client({ node: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200', requestTimeout: 120_000 });
const docs = Array.from({ length: n }, (_, i) => {
  const doc = {
    id: `x:${i}`, platform: 'x', source: 'bench', nativeId: String(i),
    author: { id: `u${i % 5000}`, handle: `user${i % 5000}`, followers: i % 3000 },
    text: `@someone Tredje vintern med min jacka från Fjällvind och den håller fortfarande som ny. #friluftsliv ${i}`,
    publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 30_000).toISOString(), collectedAt: '2026-11-20T00:00:00.000Z',
    references: { replyTo: { id: String(i - 1) } }, language: 'sv', enrichment: { brands: ['fjallvind'] },
  };
  return { id: doc.id, body: JSON.stringify(doc), publishedAt: doc.publishedAt };
});

async function once(withAcks: boolean) {
  const names = indexNames(`bench-acks-${Date.now().toString(36)}`);
  await setupIndices(client, names);
  let acked = 0;
  let dropped: string | undefined;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const stats = await client.helpers.bulk({
    datasource: docs,
    flushBytes: 5_000_000,
    concurrency: 2,
    onDocument: (d) => [{ index: { _index: names.index('mentions', d.publishedAt), _id: d.id } }, d.body as never],
    ...(withAcks ? { onSuccess: () => void acked++ } : {}),
    onDrop: (d) => void (dropped ??= d.error?.reason ?? String(d.status)),
  });
  const wall = (performance.now() - t) / 1000;
  if (stats.failed) throw new Error(`bench/bulk-acks: ${stats.failed} documents refused, first: ${dropped}`);
  const used = process.cpuUsage(cpu);
  const indices = await client.cat.indices({ index: `${names.prefix}-*`, h: 'index', format: 'json' });
  await client.indices.delete({ index: indices.map((i) => i.index!) });
  await client.indices.deleteIndexTemplate({ name: `${names.prefix}-*` });
  return { wall, cpu: (used.user + used.system) / 1e6, acked };
}

const rows: Record<string, { wall: number; cpu: number }[]> = { without: [], with: [] };
for (let r = 0; r < runs; r++) {
  for (const withAcks of [false, true]) {
    const x = await once(withAcks);
    rows[withAcks ? 'with' : 'without']!.push(x);
    console.log(`run ${r + 1}, onSuccess ${withAcks ? 'on ' : 'off'}: wall ${x.wall.toFixed(2)} s, CPU of this process ${x.cpu.toFixed(2)} s${withAcks ? `, ${x.acked} acknowledged` : ''}`);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const extra = med(rows.with!.map((x) => x.cpu)) - med(rows.without!.map((x) => x.cpu));
console.log(`median CPU: without onSuccess ${med(rows.without!.map((x) => x.cpu)).toFixed(2)} s, with ${med(rows.with!.map((x) => x.cpu)).toFixed(2)} s: ${((extra / n) * 1e6).toFixed(1)} µs per document`);
await client.close();

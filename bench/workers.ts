/**
 * Several `rykte run` workers against a 3-node cluster: the same mentions in six import sources,
 * collected by 1, 2 and 3 worker processes; time from starting the workers until every mention
 * is indexed and placed in its story (the leader-elected story stage included). Each count runs
 * `runs` times into a fresh prefix; min / median / max.
 *
 *   npx tsx bench/workers.ts [mentions=20000] [runs=3]      (ELASTICSEARCH_NODES=url,url,url, or a 3-node cluster is started)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { startCluster } from '../scripts/elasticsearch-cluster.ts';

const n = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const bin = join(import.meta.dirname, '..', 'bin', 'rykte.js');
const words = 'fjällvind vindjacka tält klimat kundtjänst produktion umeå jacka bra dålig snabb leverans retur pris'.split(' ');

/** Import lines: 30% replies to an earlier line, so stories have cascades to place. */
function line(i: number) {
  const reply = i > 10 && i % 10 < 3 ? { replyTo: `w${i - 1 - (i % 7)}` } : {};
  const text = Array.from({ length: 12 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ');
  return JSON.stringify({ platform: 'x', id: `w${i}`, author: { id: String(i % 997), handle: `user${i % 997}` }, text: `${text} ${i}`, publishedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), ...reply });
}

async function once(dir: string, urls: string[], workers: number, run: number): Promise<number> {
  const prefix = `benchw${workers}r${run}${Date.now().toString(36)}`;
  const config = join(dir, `${prefix}.yml`);
  await writeFile(
    config,
    [
      'elasticsearch:',
      `  nodes: [${urls.join(', ')}]`,
      `  indexPrefix: ${prefix}`,
      'workers: { leaseSecs: 6, renewSecs: 2 }',
      'alerts: { rules: [] }',
      'sources:',
      ...[1, 2, 3, 4, 5, 6].map((p) => `  - { type: import, name: part${p}, path: ${join(dir, `part${p}.jsonl`)}, intervalSecs: 1 }`),
    ].join('\n'),
  );
  const client = new Client({ nodes: urls });
  const started = performance.now();
  const children = Array.from({ length: workers }, () => spawn('node', [bin, '--config', config, 'run'], { env: { ...process.env, RYKTE_LOG_LEVEL: 'warn' }, stdio: 'ignore' }));
  const placed = async () => {
    // Right after the workers create the index its shards may not be allocated yet: count 0.
    const r = await client.count({ index: `${prefix}-mentions`, query: { exists: { field: 'enrichment.story.id' } } }, { ignore: [404, 503] }).catch(() => undefined);
    return r?.count ?? 0;
  };
  while ((await placed()) < n) await new Promise((r) => setTimeout(r, 250));
  const secs = (performance.now() - started) / 1000;
  children.forEach((c) => c.kill('SIGTERM'));
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once('exit', r)))));
  const indices = await client.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' });
  if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
  await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
  await client.close();
  return secs;
}

async function main() {
  const cluster = process.env.ELASTICSEARCH_NODES ? undefined : await startCluster({ nodes: 3, heapMb: 384 });
  const urls = process.env.ELASTICSEARCH_NODES?.split(',') ?? cluster!.urls;
  const dir = await mkdtemp(join(tmpdir(), 'rykte-bench-workers-'));
  for (let p = 1; p <= 6; p++) {
    const lines = Array.from({ length: n }, (_, i) => i).filter((i) => i % 6 === p - 1).map(line);
    await writeFile(join(dir, `part${p}.jsonl`), lines.join('\n') + '\n');
  }
  try {
    console.log(`${n} mentions in 6 import sources, ${runs} runs each, cluster ${urls.length} nodes`);
    for (const workers of [1, 2, 3]) {
      const times: number[] = [];
      for (let r = 0; r < runs; r++) times.push(await once(dir, urls, workers, r));
      times.sort((a, b) => a - b);
      const rate = (s: number) => Math.round(n / s);
      console.log(`${workers} worker(s): ${times.map((t) => t.toFixed(1)).join(' / ')} s (min/median/max ${rate(times.at(-1)!)}/${rate(times[Math.floor(times.length / 2)]!)}/${rate(times[0]!)} mentions/s)`);
    }
  } finally {
    await cluster?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

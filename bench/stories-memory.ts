/**
 * Peak memory of a whole `rykte import` with story tracking:
 *
 *   ELASTICSEARCH_URL=... npx tsx bench/stories-memory.ts [mentions=100000] [--runs 3] [--stories off]
 *
 * Generates a history (bench/history.ts: one mention every 30 s, replies, reposts, links and
 * copies) and runs `rykte import` on it as a child process, in files of 100,000 lines, reading
 * the child's peak RSS from /usr/bin/time.
 * Each run uses a throwaway index prefix, deleted afterwards.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@elastic/elasticsearch';
import { writeHistory } from './history.ts';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const RUNS = Number(flag('--runs') ?? 3);
const storiesOn = flag('--stories') !== 'off';
const tracked = flag('--tracked');
const threads = flag('--threads');
const url = process.env.ELASTICSEARCH_URL;
if (!url) throw new Error('bench: set ELASTICSEARCH_URL');

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'rykte-bench-stories-'));
const client = new Client({ node: url });
try {
  let started = performance.now();
  const files = await writeHistory(dir, N);
  console.log(`generated ${N.toLocaleString('en')} mentions in ${files.length} files (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const demo = await readFile(join(root, 'demo/rykte.yml'), 'utf8');
  const results: { rssMb: number; secs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const prefix = `benchmem${randomBytes(3).toString('hex')}`;
    const config = join(dir, `rykte-${prefix}.yml`);
    await writeFile(config, `${demo}\nelasticsearch:\n  url: ${url}\n  indexPrefix: ${prefix}\n  deadLetterFile: ${join(dir, 'dead.jsonl')}\nstories:\n  enabled: ${storiesOn}\n${tracked ? `  maxTrackedMentions: ${tracked}\n` : ''}${threads ? `enrich:\n  threads: ${threads}\n` : ''}`);
    started = performance.now();
    const child = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, join(root, 'bin/rykte.js'), 'import', '--config', config, ...files], {
      cwd: dir,
      env: { ...process.env, RYKTE_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const secs = (performance.now() - started) / 1000;
    const rssMb = Number(/peak-rss-kb (\d+)/.exec(child.stderr)?.[1]) / 1024;
    const indexed = [...child.stdout.matchAll(/(\d+) indexed/g)].reduce((a, m) => a + Number(m[1]), 0);
    if (child.status !== 0 || indexed !== N) console.log(`run ${run + 1}: exit ${child.status}, ${indexed} indexed\n${child.stdout}\n${child.stderr.slice(-3000)}`);
    console.log(`run ${run + 1}: peak RSS ${rssMb.toFixed(0)} MB, ${secs.toFixed(1)} s, ${indexed.toLocaleString('en')} indexed`);
    results.push({ rssMb, secs });
    const indices = await client.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' });
    if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
    await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
  }
  const sorted = (k: 'rssMb' | 'secs') => results.map((r) => r[k]).sort((a, b) => a - b);
  const summary = (k: 'rssMb' | 'secs') => {
    const xs = sorted(k);
    return `min ${xs[0]!.toFixed(1)} / median ${xs[Math.floor(xs.length / 2)]!.toFixed(1)} / max ${xs.at(-1)!.toFixed(1)}`;
  };
  console.log(`\n${N.toLocaleString('en')} mentions, stories ${storiesOn ? 'on' : 'off'}, ${RUNS} runs`);
  console.log(`peak RSS (MB): ${summary('rssMb')}`);
  console.log(`time (s):      ${summary('secs')}`);
} finally {
  await rm(dir, { recursive: true, force: true });
  await client.close();
}

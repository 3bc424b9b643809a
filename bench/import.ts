/**
 * `rykte import` end to end against the sink it feeds, in the same run: the real CLI as a child
 * process (what a user runs) on N generated mentions (bench/make-mentions.ts: the demo's
 * brands, topics and staff), with stories off and on; then the very documents it indexed, read
 * back from the index, sent as raw `_bulk` requests of ~5 MB, 2 in flight, into a fresh index
 * with the same mapping. Ratio = raw time / rykte time (1.0: rykte runs at the sink's speed).
 * Peak RSS and CPU time of the rykte process from `/usr/bin/time -v`; with the bench's own
 * node (or ES_PID), Elasticsearch's CPU time during the import and during the raw `_bulk`.
 *
 *   npx tsx bench/import.ts [mentions=100000] [runs=3] [modes=off,on] [rykte=bin/rykte.js[,other/bin/rykte.js]]
 *
 * ELASTICSEARCH_URL, or a dedicated single node is started (1 GiB heap) and stopped after.
 * `rykte` may list several checkouts' bin/rykte.js (before,after): their runs alternate, so
 * both see the same machine load.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@elastic/elasticsearch';
import { indexNames, type IndexNames } from '../index/names.ts';
import { setupIndices } from '../index/setup.ts';
import { startElasticsearch } from '../scripts/elasticsearch.ts';

const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const modes = (process.argv[4] ?? 'off,on').split(',') as ('off' | 'on')[];
const bins = (process.argv[5] ?? join(import.meta.dirname, '..', 'bin', 'rykte.js')).split(',').map((b) => resolve(b));
const dir = join(tmpdir(), 'rykte-bench-import');
const root = join(import.meta.dirname, '..');

async function mentionsFile(): Promise<string> {
  await mkdir(dir, { recursive: true });
  // v2: articles shared in their first days (make-mentions.ts); v1 files shared 500 all year.
  const file = join(dir, `mentions-v2-${n}.jsonl`);
  if (!existsSync(file)) await run('npx', ['tsx', join(root, 'bench', 'make-mentions.ts'), String(n), file]);
  return file;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** The demo config (brands, topics, staff) under a fresh prefix, stories on or off. */
async function configFile(prefix: string, stories: boolean): Promise<string> {
  const demo = await readFile(join(root, 'demo', 'rykte.yml'), 'utf8');
  // Keep brands, topics, staff and languages; drop the demo's sources, alerts and stories.
  const kept = demo.split(/\n(?=[a-z]+:)/).filter((block) => /^(brands|topics|staff|languages):/.test(block));
  const file = join(dir, `${prefix}.yml`);
  await writeFile(file, [`elasticsearch:\n  indexPrefix: ${prefix}\n  deadLetterFile: ${join(dir, `${prefix}-dead.jsonl`)}`, ...kept, `stories:\n  enabled: ${stories}`].join('\n'));
  return file;
}

/** Every indexed document, as NDJSON bulk lines for `names`, written to a file. */
async function dumpAsBulk(client: Client, from: IndexNames, to: IndexNames, file: string): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  let after: unknown[] | undefined;
  for (;;) {
    const page = await client.search<Record<string, unknown>>({ index: from.alias('mentions'), size: 5000, sort: [{ id: 'asc' }], search_after: after as never, query: { match_all: {} } });
    for (const hit of page.hits.hits) {
      const doc = hit._source!;
      if (!out.write(`${JSON.stringify({ index: { _index: to.index('mentions', doc.publishedAt as string), _id: hit._id } })}\n${JSON.stringify(doc)}\n`)) await once(out, 'drain');
      count++;
    }
    if (page.hits.hits.length < 5000) break;
    after = page.hits.hits.at(-1)!.sort;
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/** Raw `_bulk` from an NDJSON file: ~5 MB requests, 2 in flight. Returns seconds. */
async function rawBulk(client: Client, file: string): Promise<number> {
  const t = performance.now();
  const inFlight = new Set<Promise<void>>();
  let body: string[] = [];
  let bytes = 0;
  const send = async (lines: string[]) => {
    const response = (await client.transport.request({ method: 'POST', path: '/_bulk', bulkBody: lines.join('\n') + '\n' })) as { errors: boolean };
    if (response.errors) throw new Error('raw bulk: some documents were refused');
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    body.push(line);
    bytes += line.length + 1;
    if (bytes >= 5_000_000 && body.length % 2 === 0) {
      if (inFlight.size >= 2) await Promise.race(inFlight);
      const p: Promise<void> = send(body).finally(() => inFlight.delete(p));
      inFlight.add(p);
      body = [];
      bytes = 0;
    }
  }
  if (body.length) await send(body);
  await Promise.all(inFlight);
  return (performance.now() - t) / 1000;
}

/**
 * What Elasticsearch did for an import, from `_stats` of its mentions and stories indices
 * (primaries): writes, shard searches and their query time, refreshes, merge time. Counts the
 * machine's load does not move, for comparing changes the wall times cannot tell apart.
 */
async function workDone(client: Client, names: IndexNames): Promise<string> {
  const parts: string[] = [];
  for (const kind of ['mentions', 'stories']) {
    const stats = await client.indices.stats({ index: names.alias(kind), metric: ['indexing', 'search', 'refresh', 'merge'] });
    const p = stats._all.primaries!;
    const secs = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(1);
    parts.push(`${kind} ${p.indexing?.index_total ?? 0} writes, ${p.search?.query_total ?? 0} searches (${secs(p.search?.query_time_in_millis)} s), ${p.refresh?.total ?? 0} refreshes, ${secs(p.merges?.total_time_in_millis)} s merging`);
  }
  return parts.join('; ');
}

async function dropPrefix(client: Client, prefix: string) {
  const indices = await client.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' });
  if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
  await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
}

/**
 * CPU seconds (user + system) a process and its descendants have used so far, from /proc (the
 * Elasticsearch launcher's pid is not the server's: the server is its child); undefined without
 * a pid.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      // After the command's closing parenthesis: state, ppid, …, utime and stime (fields 14 and 15 of stat(5), in 1/100 s).
      const fields = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return [{ pid: Number(d), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return []; // exited while we looked
    }
  });
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (tree.has(p.ppid) && !tree.has(p.pid)) (tree.add(p.pid), (grew = true));
  }
  return procs.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + p.ticks, 0) / 100;
}

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0]!.toFixed(2)} / ${s[Math.floor(s.length / 2)]!.toFixed(2)} / ${s.at(-1)!.toFixed(2)}`;
};

/**
 * One unmeasured import of the first 20,000 lines, stories on, before the measured runs: an
 * Elasticsearch just started compiles its hot paths during its first import, which cost the
 * first measured run ~5 s more of its CPU at 100,000 lines (BENCHMARKS 2026-12-07 night).
 */
async function warmUp(input: string, url: string, client: Client) {
  const file = join(dir, 'warm-up.jsonl');
  const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
  const out = createWriteStream(file);
  let count = 0;
  for await (const line of lines) {
    if (count++ === 20_000) break;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const prefix = `bench-imp-warm-${Date.now().toString(36)}`;
  const warmed = await run('node', [bins[0]!, '--config', await configFile(prefix, true), 'import', file], { ELASTICSEARCH_URL: url, RYKTE_LOG_LEVEL: 'warn' });
  if (warmed.code !== 0) throw new Error(`warm-up import exited ${warmed.code}: ${warmed.stderr.slice(-2000)}`);
  await dropPrefix(client, prefix);
  await rm(file);
}

async function main() {
  const input = await mentionsFile();
  const es = process.env.ELASTICSEARCH_URL ? undefined : await startElasticsearch({ heapMb: 1024 });
  const url = process.env.ELASTICSEARCH_URL ?? es!.url;
  const esPid = es?.pid ?? (Number(process.env.ES_PID) || undefined);
  const client = new Client({ node: url, requestTimeout: 120_000 });
  console.log(`rykte import benchmark: ${n} mentions, ${runs} runs, ${bins.join(' vs ')}, Elasticsearch ${url}`);
  try {
    await warmUp(input, url, client);
    for (const mode of modes) {
      const rows = new Map(bins.map((b) => [b, [] as { rykte: number; raw: number; rss: number; cpu: number }[]]));
      for (let r = 0; r < runs; r++) for (const rykteBin of bins) {
        const prefix = `bench-imp-${mode}-${Date.now().toString(36)}`;
        const config = await configFile(prefix, mode === 'on');
        const esBefore = cpuSeconds(esPid);
        const t = performance.now();
        const imported = await run('/usr/bin/time', ['-v', 'node', rykteBin, '--config', config, 'import', input], { ELASTICSEARCH_URL: url, RYKTE_LOG_LEVEL: 'warn' });
        const rykte = (performance.now() - t) / 1000;
        const esImport = esBefore === undefined ? undefined : cpuSeconds(esPid)! - esBefore;
        const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(imported.stderr)?.[1] ?? 0) / 1024;
        const seconds = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(imported.stderr)?.[1] ?? 0);
        const cpu = seconds('User') + seconds('System');
        if (imported.code !== 0) console.log(`  rykte import exited ${imported.code}: ${imported.stdout.trim()} ${imported.stderr.slice(-2000)}`);
        const names = indexNames(prefix);
        // Before the dump below searches the indices.
        const work = await workDone(client, names);
        const raw = indexNames(`${prefix}-raw`);
        await setupIndices(client, raw);
        const dump = join(dir, `${prefix}.ndjson`);
        const docs = await dumpAsBulk(client, names, raw, dump);
        const esRawBefore = cpuSeconds(esPid);
        const rawSecs = await rawBulk(client, dump);
        const esRaw = esRawBefore === undefined ? undefined : cpuSeconds(esPid)! - esRawBefore;
        await client.indices.refresh({ index: raw.alias('mentions') });
        const rawCount = (await client.count({ index: raw.alias('mentions') })).count;
        rows.get(rykteBin)!.push({ rykte, raw: rawSecs, rss, cpu });
        console.log(`  ${rykteBin}, stories ${mode}, run ${r + 1}: ${imported.stdout.trim().split('\n')[0]}`);
        console.log(`    rykte import ${rykte.toFixed(2)} s (${Math.round(n / rykte)}/s), peak RSS ${rss.toFixed(0)} MB; raw _bulk of its ${docs} documents ${rawSecs.toFixed(2)} s (${Math.round(rawCount / rawSecs)}/s); ratio ${(rawSecs / rykte).toFixed(2)}`);
        const esCpu = esImport === undefined ? '' : `; Elasticsearch CPU ${esImport.toFixed(1)} s during the import, ${esRaw!.toFixed(1)} s during raw _bulk`;
        console.log(`    CPU: rykte ${cpu.toFixed(1)} s (${Math.round((cpu / n) * 1e6)} µs a mention)${esCpu}`);
        console.log(`    Elasticsearch work (_stats): ${work}`);
        await rm(dump);
        await dropPrefix(client, prefix);
        await dropPrefix(client, `${prefix}-raw`);
      }
      for (const [bin, xs] of rows) {
        console.log(`${bin}, stories ${mode}: rykte s min/median/max ${stat(xs.map((x) => x.rykte))}; raw s ${stat(xs.map((x) => x.raw))}; ratio ${stat(xs.map((x) => x.raw / x.rykte))}; peak RSS MB ${stat(xs.map((x) => x.rss))}; rykte CPU s ${stat(xs.map((x) => x.cpu))}`);
      }
    }
  } finally {
    await client.close();
    await es?.stop();
  }
}

await main();

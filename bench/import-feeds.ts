/**
 * The pipeline's own overhead per feed: 1,000 unchanged feeds polled in one `rykte once` run
 * (the real CLI as a child process) against a loopback feed server that answers 304 Not
 * Modified to the ETag it gave on the first run. Baseline in the same run: the same 1,000
 * conditional GETs done one after the other with `fetch`, and `rykte once` with no feeds
 * (start-up, config, connecting). Overhead per feed = (once with feeds − once without − the
 * plain GETs) / feeds.
 *
 *   npx tsx bench/import-feeds.ts [feeds=1000] [runs=3] [rykte=bin/rykte.js[,other/bin/rykte.js]]
 *
 * Uses ELASTICSEARCH_URL (the runs write little: cursors and health).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@elastic/elasticsearch';

const feeds = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const bins = (process.argv[4] ?? join(import.meta.dirname, '..', 'bin', 'rykte.js')).split(',').map((b) => resolve(b));
const url = process.env.ELASTICSEARCH_URL;
if (!url) throw new Error('bench/import-feeds: set ELASTICSEARCH_URL');

const rss = (i: number) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Blogg ${i}</title><link>https://blogg${i}.se/</link>` +
  [1, 2, 3].map((j) => `<item><title>Inlägg ${j}</title><link>https://blogg${i}.se/${j}</link><guid>https://blogg${i}.se/${j}</guid><pubDate>Mon, 16 Nov 2026 10:0${j}:00 GMT</pubDate><description>Fjällvind ${j}</description></item>`).join('') +
  `</channel></rss>`;

const server = createServer((req, res) => {
  const etag = `"${req.url}"`;
  if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rss(Number(req.url!.slice(6))));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function once(bin: string, config: string): Promise<{ secs: number; out: string }> {
  const t = performance.now();
  return new Promise((done) => {
    const child = spawn('node', [bin, '--config', config, 'once'], { env: { ...process.env, RYKTE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', () => done({ secs: (performance.now() - t) / 1000, out: out.trim() }));
  });
}

async function config(dir: string, prefix: string, n: number) {
  const file = join(dir, `${prefix}-${n}.yml`);
  const list = Array.from({ length: n }, (_, i) => `      - ${base}/feed/${i}`).join('\n');
  const sources = n ? `sources:\n  - type: rss\n    name: blogs\n    kind: staff-blog\n    person: anna\n    maxPagesPerRun: ${n}\n    feeds:\n${list}\n` : '';
  await writeFile(file, `elasticsearch:\n  indexPrefix: ${prefix}\nenrich:\n  threads: 0\nstaff:\n  - { id: anna, name: Anna Lind }\n${sources}`);
  return file;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = await mkdtemp(join(tmpdir(), 'rykte-bench-feeds-'));
const client = new Client({ node: url });
console.log(`rykte once over ${feeds} unchanged feeds (304 to their ETag), ${runs} runs`);
for (const bin of bins) {
  const prefix = `bench-feeds-${Date.now().toString(36)}`;
  const withFeeds = await config(dir, prefix, feeds);
  const without = await config(dir, prefix, 0);
  const first = await once(bin, withFeeds); // reads every feed once and keeps its ETag
  console.log(`  ${bin}: first run ${first.secs.toFixed(2)} s: ${first.out}`);
  const rows: { feeds: number; empty: number; gets: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const polled = await once(bin, withFeeds);
    const empty = await once(bin, without);
    let t = performance.now();
    for (let i = 0; i < feeds; i++) await (await fetch(`${base}/feed/${i}`, { headers: { 'if-none-match': `"/feed/${i}"` } })).arrayBuffer();
    const gets = (performance.now() - t) / 1000;
    rows.push({ feeds: polled.secs, empty: empty.secs, gets });
    const perFeedMs = ((polled.secs - empty.secs - gets) / feeds) * 1000;
    console.log(`  run ${r + 1}: once ${polled.secs.toFixed(2)} s, once without feeds ${empty.secs.toFixed(2)} s, ${feeds} plain GETs ${gets.toFixed(2)} s: overhead ${perFeedMs.toFixed(2)} ms per feed (${polled.out})`);
  }
  const per = rows.map((x) => ((x.feeds - x.empty - x.gets) / feeds) * 1000).sort((a, b) => a - b);
  console.log(`${bin}: overhead per feed min/median/max ${per[0]!.toFixed(2)} / ${median(per).toFixed(2)} / ${per.at(-1)!.toFixed(2)} ms`);
  const indices = await client.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' });
  if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
  await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
}
await client.close();
server.close();

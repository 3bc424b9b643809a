/**
 * `rykte serve` page response times on a large index: N synthetic mentions (default 1,000,000,
 * one year, with brands, topics, tone, staff relations and stories, one of them 5,000 mentions
 * big), 50,000 story documents and some alerts; then each page is requested over HTTP, one
 * request at a time, and min / median / p95 / max are reported. The baseline is the floor of
 * any page: one `size: 20` search of the mentions alias through the same client.
 *
 * The whole series runs `runs` times over the same data; the table gives, per page, the
 * median and the p95 of each run as min / median / max over the runs.
 *
 *   RYKTE_LOG_LEVEL=warn npx tsx bench/serve.ts [mentions=1000000] [requests=30] [runs=3]
 *   (ELASTICSEARCH_URL, or a local one is started and stopped; BENCH_KEEP=prefix reuses an index)
 */
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { Client } from '@elastic/elasticsearch';
import { parseConfig } from '../config/load.ts';
import type { StoryDoc } from '../enrich/stories/story.ts';
import { indexNames } from '../index/names.ts';
import { setupIndices } from '../index/setup.ts';
import type { Mention } from '../model/mention.ts';
import { startElasticsearch } from '../scripts/elasticsearch.ts';
import { createWebServer } from '../web/server.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const requests = Number(process.argv[3] ?? 30);
const runs = Number(process.argv[4] ?? 3);
const START = Date.UTC(2025, 10, 22);
const SPAN = 365 * 86_400_000;
const STORIES = 50_000;
const BIG = 'x:big';
const staff = ['anna', 'erik', 'sara', 'johan', 'maria', 'oskar'];
const brands = ['fjallvind', 'nordkust', 'fjallvind'];
const topics = ['hallbarhet', 'kundservice', 'produktion', 'jobb'];
const labels = ['neutral', 'positive', 'neutral', 'negative', 'positive'];
const words = 'fjällvind vindjacka tält klimat kundtjänst produktion umeå jacka bra dålig snabb leverans retur pris'.split(' ');

const at = (i: number) => new Date(START + Math.floor((i / n) * SPAN)).toISOString();

/** Mention i: every 200th belongs to the big story, every 4th of the rest to one of 50,000 small ones. */
function mention(i: number): Mention {
  const big = i % 200 === 0;
  const story = big ? BIG : i % 4 === 0 ? `x:s${(i / 4) % STORIES}` : undefined;
  const parent = big ? (i === 0 ? undefined : `x:${i - 200 * (1 + (i % 3))}`) : undefined;
  const label = labels[i % labels.length]!;
  const person = staff[i % staff.length]!;
  const relation = i % 11 === 0 ? { authoredBy: [person] } : i % 7 === 0 ? { repliesTo: [person] } : i % 13 === 0 ? { mentions: [person] } : undefined;
  return {
    id: big && i === 0 ? BIG : `x:${i}`,
    platform: ['x', 'mastodon', 'bluesky', 'rss'][i % 4]!,
    source: 'bench',
    nativeId: String(i),
    author: { id: String(i % 20_011), handle: `user${i % 20_011}`, followers: (i * 37) % 50_000 },
    text: Array.from({ length: 18 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' '),
    language: i % 3 === 0 ? 'en' : 'sv',
    publishedAt: at(i),
    collectedAt: at(i),
    references: {},
    enrichment: {
      brands: [brands[i % brands.length]!],
      topics: [topics[i % topics.length]!],
      sentiment: { score: label === 'positive' ? 3 : label === 'negative' ? -3 : 0, label },
      ...(relation ? { staff: { ...relation, people: [person] } } : {}),
      ...(story ? { story: { id: story, parentId: parent, parentVia: parent ? 'repost' : undefined, inferred: parent ? i % 5 === 0 : undefined, depth: parent ? 1 : 0 } } : {}),
    },
  } as Mention;
}

function storyDoc(id: string, size: number, k: number): StoryDoc {
  return {
    id, title: `story ${k}`, brands: ['fjallvind'], topics: [], platforms: ['x'], sources: ['bench'], size, uniqueAuthors: size, depth: 1,
    maxBreadth: size - 1, trees: 1, virality: 1 + (k % 100) / 100, viralityPerTree: [], velocity: { current: k % 50, previous: k % 30, ratio: 1 },
    timeTo: {}, firstSeen: at(k * 4), lastSeen: at(Math.min(n - 1, k * 4 + 1000)), updatedAt: at(n - 1), origin: { mentionId: id, platform: 'x' },
    reach: size * 100, staff: { started: false, amplified: false, replied: false, named: false, people: [] }, sentiment: { positive: 0, neutral: size, negative: 0 },
    inferred: 0, orphans: 0, missingParents: [], skewed: 0,
  };
}

async function load(client: Client, prefix: string) {
  const names = indexNames(prefix);
  await setupIndices(client, names);
  const t = performance.now();
  const result = await client.helpers.bulk<Mention>({
    datasource: (async function* () {
      for (let i = 0; i < n; i++) yield mention(i);
    })(),
    onDocument: (doc) => ({ index: { _index: names.index('mentions', doc.publishedAt), _id: doc.id } }),
    flushBytes: 5_000_000,
    concurrency: 2,
    onDrop: (d) => {
      throw new Error(`bench: dropped ${d.document.id}: ${d.error?.reason}`);
    },
  });
  const stories = [storyDoc(BIG, Math.ceil(n / 200), 0), ...Array.from({ length: STORIES }, (_, k) => storyDoc(`x:s${k}`, Math.ceil(n / 4 / STORIES), k))];
  await client.helpers.bulk<StoryDoc>({ datasource: stories, onDocument: (d) => ({ index: { _index: names.index('stories'), _id: d.id } }) });
  const rules = ['volume-spike', 'fast-stories', 'staff-crisis'];
  const alerts = Array.from({ length: 300 }, (_, k) => ({ id: `a${k}`, '@timestamp': at(k * 3000), rule: rules[k % 3], type: 'spike', key: 'all', matchTime: at(k * 3000), summary: `alert ${k}`, mentionIds: [], topMentions: [], notifications: [] }));
  await client.helpers.bulk({ datasource: alerts, onDocument: (d) => ({ index: { _index: names.index('alerts'), _id: (d as { id: string }).id } }) });
  await client.indices.refresh({ index: `${prefix}-*` });
  await client.indices.forcemerge({ index: `${prefix}-*`, max_num_segments: 5 });
  console.log(`indexed ${result.successful} mentions, ${stories.length} stories, ${alerts.length} alerts in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

const quantile = (ms: number[], p: number) => {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};

/** One run of one page: its median and p95 in ms. */
async function time(fn: () => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < 3; i++) await fn(); // warm caches, as a page people use would be
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return [quantile(ms, 0.5), quantile(ms, 0.95)];
}

async function main() {
  const es = process.env.ELASTICSEARCH_URL ? undefined : await startElasticsearch({ heapMb: 2048 });
  const client = new Client({ node: process.env.ELASTICSEARCH_URL ?? es!.url, requestTimeout: 120_000 });
  const prefix = process.env.BENCH_KEEP ?? `bench-serve-${Date.now().toString(36)}`;
  try {
    if (!process.env.BENCH_KEEP) await load(client, prefix);
    const config = parseConfig({ elasticsearch: { indexPrefix: prefix }, brands: [{ id: 'fjallvind', name: 'Fjällvind', query: 'fjällvind' }, { id: 'nordkust', name: 'Nordkust', query: 'nordkust' }], staff: staff.map((id) => ({ id, name: id })) }, 'bench.yml');
    const server = createWebServer({ client, names: indexNames(prefix), config });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pages = [
      '/', '/?brand=fjallvind&from=2026-06-01&to=2026-07-01', '/stories', '/stories?sort=size&minSize=10', `/story?id=${encodeURIComponent(BIG)}`, '/story?id=x%3As17',
      '/authors', '/network', '/search', '/search?q=klimat+jacka&sentiment=negative&brand=fjallvind', '/search?staff=anna&from=2026-01-01&sort=oldest',
    ];
    const targets: [string, () => Promise<unknown>][] = [
      ['baseline: one search, size 20', () => client.search({ index: `${prefix}-mentions`, size: 20 })],
      ...pages.map((page): [string, () => Promise<unknown>] => [
        page.replace(/%3A/g, ':'),
        async () => {
          const res = await fetch(`${base}${page}`);
          if (res.status !== 200) throw new Error(`bench: ${page} answered ${res.status}`);
          await res.arrayBuffer();
        },
      ]),
    ];
    const results = new Map<string, [number, number][]>(targets.map(([name]) => [name, []]));
    for (let r = 0; r < runs; r++) for (const [name, fn] of targets) results.get(name)!.push(await time(fn));
    server.closeAllConnections();
    server.close();
    console.log(`\n${n.toLocaleString('en')} mentions; ${runs} runs of ${requests} requests per page after 3 warm-ups; ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}; Node ${process.version}\n`);
    console.log('| page | median ms (median of runs) | p95 ms: min / median / max of runs |\n| --- | ---: | ---: |');
    const f = (v: number) => v.toFixed(0);
    for (const [name, list] of results) {
      const p95s = list.map((x) => x[1]);
      console.log(`| \`${name}\` | ${f(quantile(list.map((x) => x[0]), 0.5))} | ${f(Math.min(...p95s))} / ${f(quantile(p95s, 0.5))} / ${f(Math.max(...p95s))} |`);
    }
  } finally {
    if (!process.env.BENCH_KEEP && !process.env.BENCH_LEAVE) {
      const indices = await client.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' });
      if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
      await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
    }
    await client.close();
    await es?.stop();
  }
}

await main();

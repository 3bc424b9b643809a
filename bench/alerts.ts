/**
 * Alert latency: from indexing the mention that causes a spike to the Slack POST arriving at a
 * loopback Slack server, through the live engine loop (real clock, real Elasticsearch). The
 * baseline is the floor any alerting on this cluster pays: one count query and one POST, done
 * directly right after the same kind of write. Target: the rule interval + at most 5 s.
 *
 *   ELASTICSEARCH_URL=http://127.0.0.1:19200 npx tsx bench/alerts.ts [trials=6] [intervalSecs=5]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { alertsConfig } from '../alerts/config.ts';
import { createEngine } from '../alerts/engine.ts';
import { createNotifiers } from '../alerts/notify/index.ts';
import { indexNames } from '../index/names.ts';
import { setupIndices } from '../index/setup.ts';
import { StateStore } from '../index/state.ts';
import { writeMentions } from '../index/writer.ts';
import type { Mention } from '../model/mention.ts';
import { setLogSink } from '../log/logger.ts';

const trials = Number(process.argv[2] ?? 6);
const intervalSecs = Number(process.argv[3] ?? 5);
const url = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:19200';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Keep the engine's `alerts.fired` times: they split the latency into engine and notifier parts.
const fired = new Map<string, number>();
setLogSink({
  write: (line) => {
    const e = JSON.parse(line);
    if (e.event === 'alerts.fired') fired.set(e.key, performance.now());
  },
});

let n = 0;
const mention = (brand: string, at: number): Mention => ({
  id: `x:b${++n}`,
  platform: 'x',
  source: 'bench',
  nativeId: `b${n}`,
  author: { handle: `u${n % 50}`, followers: n % 1000 },
  text: `${brand} bench`,
  publishedAt: new Date(at).toISOString(),
  // Collected when published: the back-dated history reads as if it had been collected live.
  collectedAt: new Date(at).toISOString(),
  references: {},
  enrichment: { brands: [brand] },
});

async function main() {
  const client = new Client({ node: url });
  const names = indexNames(`bench-alerts-${Date.now().toString(36)}`);
  await setupIndices(client, names);
  const write = (docs: Mention[]) => writeMentions(client, names, docs, { refresh: true, deadLetterFile: '/dev/null' });

  const arrivals: { brand: string; at: number }[] = [];
  const slack = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      arrivals.push({ brand: JSON.parse(body).blocks[0].text.text.split(': ').at(-1), at: performance.now() });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
  const slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T/B/bench`;

  // Baseline: write a mention, count it, POST once: the floor of any index-to-Slack path.
  const floor: number[] = [];
  for (let i = 0; i < trials; i++) {
    const t0 = performance.now();
    await write([mention('floor', Date.now())]);
    await client.count({ index: names.alias('mentions'), query: { term: { 'enrichment.brands': 'floor' } } });
    await fetch(slackUrl, { method: 'POST', body: JSON.stringify({ blocks: [{ text: { text: 'floor' } }] }) });
    floor.push(performance.now() - t0);
  }
  arrivals.length = 0;

  // Steady traffic for every trial brand: 1 mention a second, two timeframes back-dated so the
  // engine's first run can judge at once, then kept up in real time by a feeder.
  const brands = Array.from({ length: trials }, (_, i) => `brand${i}`);
  const start = Date.now();
  await write(brands.flatMap((b) => Array.from({ length: 60 }, (_, s) => mention(b, start - (60 - s) * 1000))));
  let feeding = true;
  const feeder = (async () => {
    while (feeding) {
      await write(brands.map((b) => mention(b, Date.now())));
      await sleep(1000);
    }
  })();

  const config = alertsConfig.parse({
    intervalSecs,
    queryDelaySecs: 2,
    notifiers: { slack: { webhookUrl: slackUrl }, console: false },
    rules: [{ name: 'bench-spike', type: 'spike', timeframe: { seconds: 30 }, spike_height: 3, threshold_cur: 60, query_key: 'enrichment.brands' }],
  });
  const engine = createEngine({ client, names, state: new StateStore(client, names), config, now: () => new Date(), notifiers: createNotifiers(config.notifiers) });
  // Tick ends, to see how long ticks take: the gap between two ends is the interval plus one tick.
  const tickEnds: number[] = [];
  const loop = engine.start(() => tickEnds.push(performance.now()));

  const latencies: number[] = [];
  for (const brand of brands) {
    // Land the burst at a random phase of the engine's interval.
    await sleep(2000 + Math.random() * intervalSecs * 1000);
    await write(Array.from({ length: 100 }, () => mention(brand, Date.now())));
    const indexed = performance.now();
    while (!arrivals.some((a) => a.brand === brand) && performance.now() - indexed < (intervalSecs + 60) * 1000) await sleep(20);
    const arrival = arrivals.find((a) => a.brand === brand);
    latencies.push(arrival ? arrival.at - indexed : Number.NaN);
    if (process.env.BENCH_VERBOSE) {
      const lastTick = tickEnds.filter((t) => t < indexed).at(-1) ?? 0;
      console.error(`${brand}: indexed ${((indexed - lastTick) / 1000).toFixed(2)} s after a tick ended; fired after ${(((fired.get(brand) ?? NaN) - indexed) / 1000).toFixed(2)} s, POST after ${((latencies.at(-1)!) / 1000).toFixed(2)} s`);
    }
  }
  feeding = false;
  await feeder;
  await loop.stop();

  const stats = (xs: number[]) => {
    const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return { min: s[0]!, median: s[s.length >> 1]!, max: s.at(-1)! };
  };
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const [b, e] = [stats(floor), stats(latencies)];
  console.log(`baseline (write + count + POST): min ${f(b.min)}, median ${f(b.median)}, max ${f(b.max)}`);
  console.log(`engine, intervalSecs ${intervalSecs} (index → Slack POST, ${trials} spikes): min ${f(e.min)}, median ${f(e.median)}, max ${f(e.max)}; ${arrivals.length} Slack messages`);
  const tickSecs = tickEnds.slice(1).map((t, i) => t - tickEnds[i]! - intervalSecs * 1000);
  console.log(`tick duration (from the gaps between ticks): ${f(stats(tickSecs).median)} median, ${f(stats(tickSecs).max)} max over ${tickSecs.length} ticks`);
  const missed = latencies.filter((l) => Number.isNaN(l)).length;
  const met = missed === 0 && e.max <= (intervalSecs + 5) * 1000;
  console.log(`target interval + 5 s = ${intervalSecs + 5} s: ${met ? 'met' : `MISSED${missed ? ` (${missed} spikes without an alert)` : ''}`}`);

  const indices = await client.cat.indices({ index: `${names.prefix}-*`, h: 'index', format: 'json' });
  if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
  await client.indices.deleteIndexTemplate({ name: `${names.prefix}-*` }, { ignore: [404] });
  await client.close();
  slack.close();
}

await main();

/**
 * What the story tracker costs per mention, in-process and without Elasticsearch: N generated
 * mentions (bench/make-mentions.ts) enriched with the demo config, placed by one StoryTracker
 * in pages of 1,000 with nothing ever evicted, the heap measured after a full collection every
 * 25,000. The slope between checkpoints is the memory of a tracked mention; the time is that of
 * `tracker.add` alone (enrichment excluded).
 *
 *   npx tsx bench/make-mentions.ts 100000 mentions.jsonl
 *   node --expose-gc --import tsx bench/tracker-memory.ts mentions.jsonl [n=100000]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.ts';
import { createEnricher } from '../enrich/pipeline.ts';
import { StoryTracker } from '../enrich/stories/tracker.ts';
import { importLine, toMention } from '../ingest/import-line.ts';
import type { Mention } from '../model/mention.ts';

const [file, n = '100000'] = process.argv.slice(2);
if (!file) throw new Error('usage: node --expose-gc --import tsx bench/tracker-memory.ts <mentions.jsonl> [n]');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const limit = Number(n);

const config = await loadConfig(fileURLToPath(new URL('../demo/rykte.yml', import.meta.url)));
const enrich = createEnricher(config);
const tracker = new StoryTracker(config.stories);
const heapMB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

let page: Mention[] = [];
let count = 0;
let addMs = 0;
const checkpoints: { mentions: number; heapMB: number }[] = [];
const collectedAt = new Date().toISOString();
for await (const line of createInterface({ input: createReadStream(file) })) {
  if (count === limit) break;
  page.push(enrich(toMention(importLine.parse(JSON.parse(line)), 'bench', collectedAt)));
  count++;
  if (page.length < 1000) continue;
  const started = performance.now();
  tracker.add(page);
  addMs += performance.now() - started;
  page = [];
  if (count % 25_000 === 0) checkpoints.push({ mentions: count, heapMB: heapMB() });
}
if (page.length) tracker.add(page);

console.log(`tracker.add of ${count} mentions: ${(addMs / 1000).toFixed(1)} s (${Math.round((addMs * 1000) / count)} µs a mention)`);
for (const c of checkpoints) console.log(`  ${c.mentions} tracked: heap ${c.heapMB.toFixed(0)} MB`);
// The first checkpoint also holds the enricher's warm-up: the slope is taken from the second on.
const [first, last] = [checkpoints[1], checkpoints.at(-1)];
if (first && last && last !== first) console.log(`memory per tracked mention: ${Math.round(((last.heapMB - first.heapMB) * 1e6) / (last.mentions - first.mentions))} bytes`);

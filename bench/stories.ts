/**
 * Story tracking on a 100,000-mention cascade: `RYKTE_LOG_LEVEL=warn npx tsx bench/stories.ts [--es]`.
 *
 * Baseline: the metrics alone on the finished tree (one linear pass), against which the
 * incremental tracker is compared: pages of 1,000 mentions placed one page at a time with the
 * touched story's metrics recomputed after every page, as the runner hooks do. Then the same
 * mentions shuffled (every child may arrive before its parent), and 100,000 near-duplicate
 * copies of one text (the LSH path). With --es (and ELASTICSEARCH_URL), the whole runner
 * path: hooks + bulk indexing into a throwaway index prefix, against bulk indexing alone.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { parseConfig } from '../config/load.ts';
import { storiesConfig } from '../enrich/stories/config.ts';
import { createStoryTracker } from '../enrich/stories/hooks.ts';
import { treeMetrics } from '../enrich/stories/metrics.ts';
import { buildStory, storyDue } from '../enrich/stories/story.ts';
import { StoryTracker } from '../enrich/stories/tracker.ts';
import { indexNames } from '../index/names.ts';
import { setupIndices } from '../index/setup.ts';
import { writeMentions } from '../index/writer.ts';
import type { Mention } from '../model/mention.ts';
import { prng } from './prng.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const PAGE = 1000;

/** A viral cascade: each post answers an earlier one, biased towards the early, popular posts. */
function cascade(n: number, random: () => number): Mention[] {
  const start = Date.parse('2026-11-20T08:00:00Z');
  const kinds = ['replyTo', 'quoteOf', 'repostOf', 'repostOf'] as const;
  return Array.from({ length: n }, (_, i) => {
    const parent = i === 0 ? undefined : Math.floor(random() ** 3 * i);
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    return {
      id: `x:${i}`,
      platform: 'x',
      source: 'bench',
      nativeId: String(i),
      author: { id: `u${i % 40_000}`, handle: `user${i % 40_000}`, followers: i % 997 },
      text: `post number ${i} in the cascade`,
      publishedAt: new Date(start + i * 1000).toISOString(),
      collectedAt: new Date(start + i * 1000).toISOString(),
      references: parent === undefined ? {} : { [kind]: { id: String(parent) } },
      enrichment: { sentiment: { score: 0, label: 'neutral' }, staff: i % 500 === 0 ? { authoredBy: ['anna'], people: ['anna'] } : {} },
    };
  });
}

/** The same claim copied and pasted 100,000 times (no references): only near-duplicate text links them. */
function copies(n: number): Mention[] {
  const start = Date.parse('2026-11-20T08:00:00Z');
  const text = 'Fjällvind återkallar alla vinterjackor efter rapporter om brandrisk i fodret nu';
  return Array.from({ length: n }, (_, i) => ({
    id: `x:c${i}`,
    platform: 'x',
    source: 'bench',
    nativeId: `c${i}`,
    author: { id: `c${i}` },
    text: `${text}${'!'.repeat(i % 3)} #${i % 7 === 0 ? 'skandal' : 'jackor'}`,
    publishedAt: new Date(start + i * 2000).toISOString(),
    collectedAt: new Date(start).toISOString(),
    references: {},
    enrichment: {},
  }));
}

const config = storiesConfig.parse({});
const now = new Date('2026-11-21T00:00:00Z');

/** What the hooks do without Elasticsearch: place each page, rebuild the stories that are due. */
function track(mentions: Mention[]) {
  const t = new StoryTracker(config);
  const written = new Map<string, number>();
  let pending = new Set<string>();
  const build = (id: string) => {
    const doc = buildStory(t, id, { velocityWindowSecs: 3600, now });
    if (doc) written.set(id, doc.size);
  };
  for (let i = 0; i < mentions.length; i += PAGE) {
    for (const id of t.add(mentions.slice(i, i + PAGE)).touched) pending.add(id);
    const next = new Set<string>();
    for (const id of pending) {
      if (storyDue(t.storySize(id), written.get(id), config.largeStoryMentions)) build(id);
      else next.add(id);
    }
    pending = next;
  }
  for (const id of pending) build(id); // the final flush
  return { tracker: t };
}

function report(label: string, n: number, ms: number) {
  console.log(`${label.padEnd(62)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${Math.round((n / ms) * 1000).toLocaleString('en').padStart(10)} mentions/s`);
}

function time<T>(label: string, n: number, fn: () => T): T {
  const started = performance.now();
  const out = fn();
  report(label, n, performance.now() - started);
  return out;
}

const random = prng(7);
const mentions = cascade(N, random);
const ordered = time('tracker + metrics per page, in order', N, () => track(mentions));
time('baseline: metrics once on the finished tree', N, () => treeMetrics('x:0', (id) => ordered.tracker.children(id)));
const story = buildStory(ordered.tracker, 'x:0', { velocityWindowSecs: 3600, now })!;
const shuffled = [...mentions];
for (let i = shuffled.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
}
const mixed = time('tracker + metrics per page, shuffled arrival', N, () => track(shuffled));
const again = buildStory(mixed.tracker, 'x:0', { velocityWindowSecs: 3600, now })!;
const text = time(`tracker + metrics per page, ${N.toLocaleString('en')} near-duplicate copies`, N, () => track(copies(N)));
const figures = (s: typeof story) => [s.size, s.depth, s.maxBreadth, s.virality];
console.log(
  `\ncascade: size ${story.size}, depth ${story.depth}, max breadth ${story.maxBreadth}, virality ${story.virality.toFixed(4)}; ` +
    `shuffled arrival gives the same: ${JSON.stringify(figures(story)) === JSON.stringify(figures(again))}`,
);
const copyStories = new Set(copies(N).map((m) => text.tracker.place(m.id)!.id));
console.log(`copies: ${copyStories.size} stories (a new one starts once the first copy is older than the ${config.textWindowSecs} s text window)`);

if (process.argv.includes('--es')) {
  const url = process.env.ELASTICSEARCH_URL;
  if (!url) throw new Error('bench: --es needs ELASTICSEARCH_URL');
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const client = new Client({ node: url });
  const names = indexNames(prefix);
  const parsed = parseConfig({ elasticsearch: { indexPrefix: prefix }, stories: { recoverSecs: 0 } }, join(tmpdir(), 'rykte.yml'));
  const deadLetterFile = join(tmpdir(), `${prefix}-dead.jsonl`);
  try {
    await setupIndices(client, names);
    let started = performance.now();
    for (let i = 0; i < N; i += PAGE) await writeMentions(client, names, mentions.slice(i, i + PAGE), { deadLetterFile });
    report('baseline: bulk indexing alone, pages of 1,000 (--es)', N, performance.now() - started);
    const hooks = createStoryTracker({ config: parsed, client, names, now: () => now });
    started = performance.now();
    for (let i = 0; i < N; i += PAGE) {
      const page = await hooks.beforeIndex(mentions.slice(i, i + PAGE));
      await writeMentions(client, names, page, { deadLetterFile });
      await hooks.afterIndex();
    }
    await hooks.afterRun();
    report('runner path: story hooks + bulk indexing (--es)', N, performance.now() - started);
  } finally {
    const indices = await client.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' });
    if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
    await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
    await client.close();
  }
}

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryTracker } from '../../enrich/stories/hooks.ts';
import type { StoryDoc } from '../../enrich/stories/story.ts';
import { searchStories, writeStories } from '../../index/stories.ts';
import { importCollector } from '../../ingest/import.ts';
import type { Mention } from '../../model/mention.ts';
import { createSource, runSource } from '../../ingest/runner.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';
import { heldProxy } from '../helpers/held-proxy.ts';
import { binary, cascade, cascadeLines, chain, star } from '../helpers/cascades.ts';
import { jsonl, mention } from '../helpers/mentions.ts';
import { writeMentions } from '../../index/writer.ts';
import { logLines } from '../setup.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-stories-'));
  env = await testPipeline({}, dir);
});
afterAll(() => env.cleanup());

async function importFile(name: string, lines: unknown[], pageSize = 4) {
  await writeFile(join(dir, name), jsonl(lines));
  const pipeline = { ...env.pipeline, hooks: createStoryTracker(env.pipeline) };
  const config = importCollector.configSchema.parse({ type: 'import', name, path: join(dir, name), pageSize });
  return runSource(pipeline, config, createSource(pipeline, config), false);
}
const story = async (id: string) => (await env.client.get<StoryDoc>({ index: env.names.index('stories'), id }))._source!;
const shape = (s: StoryDoc) => ({ size: s.size, depth: s.depth, maxBreadth: s.maxBreadth, trees: s.trees, virality: s.virality });
const mentions = async (storyId: string) =>
  (await env.client.search<Mention>({ index: env.names.alias('mentions'), size: 100, query: { term: { 'enrichment.story.id': storyId } }, sort: [{ id: 'asc' }] })).hits.hits.map((h) => h._source!);

describe('stories in Elasticsearch', () => {
  it('filters listed stories by brand, size and time and sorts them by velocity', async () => {
    const own = await testPipeline();
    try {
      const hooks = createStoryTracker(own.pipeline);
      const at = (min: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + min * 60_000).toISOString();
      const page = [
        mention({ nativeId: 'f', text: 'ett', enrichment: { brands: ['fjallvind'] }, publishedAt: at(0) }),
        ...[1, 2, 3].map((i) => mention({ nativeId: `f${i}`, text: `svar ${i}`, author: { id: `f${i}` }, references: { replyTo: { id: 'f' } }, publishedAt: at(100 + i) })),
        mention({ nativeId: 'g', text: 'två', enrichment: { brands: ['other'] }, publishedAt: at(0) }),
        ...[1, 2].map((i) => mention({ nativeId: `g${i}`, text: `svar ${i}`, author: { id: `g${i}` }, references: { replyTo: { id: 'g' } }, publishedAt: at(i) })),
        mention({ nativeId: 'h', text: 'tre', publishedAt: '2026-11-25T10:00:00Z' }),
      ];
      const placed = await hooks.beforeIndex(page);
      await writeMentions(own.client, own.names, placed, { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
      await hooks.afterIndex();
      // The write goes on while the next pages are placed; the end of a run waits for it.
      await hooks.afterRun();
      const ids = async (q: Parameters<typeof searchStories>[2]) => (await searchStories(own.client, own.names, q)).stories.map((s) => s.id);
      expect(await ids({ sort: 'velocity' })).toEqual(['x:f', 'x:g', 'x:h']);
      expect(await ids({ sort: 'size' })).toEqual(['x:f', 'x:g', 'x:h']);
      expect(await ids({ brand: 'fjallvind' })).toEqual(['x:f']);
      expect(await ids({ minSize: 3 })).toEqual(['x:f', 'x:g']);
      expect(await ids({ from: '2026-11-24', sort: 'size' })).toEqual(['x:h']);
      expect(await ids({ to: '2026-11-21', sort: 'size' })).toEqual(['x:f', 'x:g']);
      const f = (await searchStories(own.client, own.names, { brand: 'fjallvind' })).stories[0]!;
      // Newest reply at minute 103: the last hour holds the 3 replies, the hour before the root.
      expect(f.velocity).toEqual({ current: 3, previous: 1, ratio: 3 });
    } finally {
      await own.cleanup();
    }
  });

  it('updates a large story after 5% growth and exactly on flush', async () => {
    const own = await testPipeline({ stories: { largeStoryMentions: 20, writeIntervalSecs: 0 } });
    try {
      const hooks = createStoryTracker({ ...own.pipeline, refresh: false });
      const all = cascade(star('big', 40));
      for (const m of all) {
        await writeMentions(own.client, own.names, await hooks.beforeIndex([m]), { deadLetterFile: join(dir, 'dead.jsonl') });
        await hooks.afterIndex();
      }
      const size = async () => (await own.client.get<StoryDoc>({ index: own.names.index('stories'), id: 'x:big' }))._source!.size;
      // Written at 21, 23, 25, ... 39: each time at least 5% above the last write; 40 is not.
      expect(await size()).toBe(39);
      await hooks.afterRun();
      expect(await size()).toBe(40);
    } finally {
      await own.cleanup();
    }
  });

  it('places the next pages while a write is under way, and writes again what they changed', async () => {
    const own = await testPipeline({ stories: { writeIntervalSecs: 0 } });
    const proxy = await heldProxy(elasticsearchUrl());
    const { Client } = await import('@elastic/elasticsearch');
    const client = new Client({ node: proxy.url });
    try {
      const hooks = createStoryTracker({ ...own.pipeline, client });
      const [root, ...replies] = cascade(star('busy', 3));
      const index = async (page: Mention[]) => writeMentions(own.client, own.names, await hooks.beforeIndex(page), { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
      await index([root!, replies[0]!]);
      proxy.hold();
      await hooks.afterIndex();
      // The story's write (2 mentions) waits at the proxy while the next reply is placed.
      const [action, doc] = (await proxy.arrival()).split('\n').map((line) => JSON.parse(line || '{}'));
      expect([action.index._id, doc.size]).toEqual(['x:busy', 2]);
      await index([replies[1]!]);
      expect(hooks.tracker.storySize('x:busy')).toBe(3);
      proxy.release();
      await hooks.afterIndex();
      await hooks.afterRun();
      // Touched again during the write, the story was written again: 3 mentions, not the 2 in flight.
      expect((await own.client.get<StoryDoc>({ index: own.names.index('stories'), id: 'x:busy' }))._source!.size).toBe(3);
    } finally {
      proxy.release();
      await client.close();
      await proxy.close();
      await own.cleanup();
    }
  });

  it('within a run writes a story at most once per writeIntervalSecs, and all of it at the end', async () => {
    const own = await testPipeline({ stories: { writeIntervalSecs: 3600 } });
    try {
      const hooks = createStoryTracker(own.pipeline);
      const all = cascade(star('hot', 6));
      for (const m of all) {
        await writeMentions(own.client, own.names, await hooks.beforeIndex([m]), { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
        await hooks.afterIndex();
      }
      const size = async () => (await own.client.get<StoryDoc>({ index: own.names.index('stories'), id: 'x:hot' }))._source!.size;
      // The first page is written at once; the next five fall within the hour.
      expect(await size()).toBe(1);
      await hooks.afterRun();
      expect(await size()).toBe(6);
    } finally {
      await own.cleanup();
    }
  });

  it('drops quiet stories from memory over the limit and reloads one when a reply to it arrives', async () => {
    const own = await testPipeline({ stories: { maxTrackedMentions: 5, recoverSecs: 0, textWindowSecs: 0, writeIntervalSecs: 0 } });
    try {
      const hooks = createStoryTracker(own.pipeline);
      const page = async (mentions: Mention[]) => {
        await writeMentions(own.client, own.names, await hooks.beforeIndex(mentions), { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
        await hooks.afterIndex();
      };
      await page(cascade(star('old', 4), { start: '2026-11-01T10:00:00Z' }));
      await page(cascade(star('new', 4), { start: '2026-11-05T10:00:00Z' }));
      expect(logLines.find((l) => l.event === 'stories.evicted')).toMatchObject({ mentions: 4, kept: 4 });
      expect(hooks.tracker.node('x:old')).toBeUndefined();
      await page(cascade({ 'old-9': 'old-2' }, { start: '2026-11-06T10:00:00Z' }));
      expect(logLines.find((l) => l.event === 'stories.recovered')).toMatchObject({ stories: 1, mentions: 4 });
      const old = (await own.client.get<StoryDoc>({ index: own.names.index('stories'), id: 'x:old' }))._source!;
      expect(shape(old)).toEqual({ size: 5, depth: 2, maxBreadth: 3, trees: 1, virality: (2 * (1 * 4 + 2 * 3 + 1 * 4 + 1 * 4)) / 20 });
      // Collecting the old root again after it left memory reloads its story instead of shrinking it.
      await page(cascade(star('new2', 6), { start: '2026-11-20T10:00:00Z' }));
      expect(hooks.tracker.node('x:old')).toBeUndefined();
      await page([{ ...cascade(star('old', 4), { start: '2026-11-01T10:00:00Z' })[0]!, author: { id: 'a-old', followers: 999 } }]);
      expect((await own.client.get<StoryDoc>({ index: own.names.index('stories'), id: 'x:old' }))._source).toMatchObject({ size: 5, reach: 999 + 4 * 100 });
    } finally {
      await own.cleanup();
    }
  });

  it("looks a page's own posts up in their month's index and the later ones only", async () => {
    const own = await testPipeline({ stories: { recoverSecs: 0 } });
    try {
      const first = createStoryTracker(own.pipeline);
      const months = ['2026-01-10', '2026-02-10', '2026-03-10'];
      const posts = months.map((day, i) => mention({ nativeId: `m${i}`, text: `inlägg ${i}`, author: { id: `m${i}` }, publishedAt: `${day}T10:00:00.000Z` }));
      await writeMentions(own.client, own.names, await first.beforeIndex(posts), { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
      await first.afterIndex();
      await first.afterRun();
      const searches = async () => {
        const stats = await own.client.indices.stats({ index: months.map((day) => own.names.index('mentions', day)), metric: 'search' });
        return months.map((day) => stats.indices![own.names.index('mentions', day)]!.primaries!.search!.query_total);
      };
      const before = await searches();
      // A new process: the February post, collected again, is found with its story.
      const second = createStoryTracker(own.pipeline);
      const [again] = await second.beforeIndex([{ ...posts[1]!, author: { id: 'm1', followers: 77 } }]);
      expect(again!.enrichment.story).toEqual({ id: 'x:m1', depth: 0 });
      const after = await searches();
      // Loading the story searches every month (a story may span them); the lookup that found
      // it, February's and later only (without the restriction: 2, 2, 2).
      expect(after.map((n, i) => n - before[i]!)).toEqual([1, 2, 2]);
    } finally {
      await own.cleanup();
    }
  });

  it('keeps placing mentions when Elasticsearch is down and says so, without throwing', async () => {
    const { Client } = await import('@elastic/elasticsearch');
    const down = new Client({ node: 'http://127.0.0.1:9', maxRetries: 0 });
    const waits: number[] = [];
    const hooks = createStoryTracker({ ...env.pipeline, client: down, sleep: async (ms) => void waits.push(ms) });
    const placed = await hooks.beforeIndex(cascade(chain('down', 2)));
    expect(placed.map((m) => m.enrichment.story)).toEqual([{ id: 'x:down', depth: 0 }, { id: 'x:down', parentId: 'x:down', parentVia: 'reply', inferred: false, depth: 1 }]);
    // The lookups are tried four times, then the page is placed without them.
    expect(waits).toEqual([250, 1000, 4000]);
    // The write sent after the page fails, and is tried again at the end of the run.
    await hooks.afterIndex();
    await hooks.afterRun();
    const failed = logLines.filter((l) => l.event === 'stories.failed');
    expect(failed.map((l) => [l.errorType, l.level])).toEqual([...Array(4).fill(['recover', 50]), ['write', 50], ['write', 50]]);
    expect(failed[3]!.msg).toMatch(/; this page is placed without its lookups after 4 tries$/);
    await down.close();
  });

  it('names the first refused story document and why, and writes the others', async () => {
    const own = await testPipeline();
    try {
      const good = { id: 'x:kept', size: 1 } as unknown as StoryDoc;
      const bad = { id: 'x:refused', size: 'many' } as unknown as StoryDoc;
      await expect(writeStories(own.client, own.names, [good, bad], [], true)).rejects.toThrow(/^stories: 1 story writes failed, first: x:refused: .*\[size\]/);
      expect((await own.client.get<StoryDoc>({ index: own.names.index('stories'), id: 'x:kept' }))._source!.size).toBe(1);
    } finally {
      await own.cleanup();
    }
  });

  it('turns imported reply trees and repost cascades into stories with exact metrics', async () => {
    const replies = cascadeLines(binary('r', 2));
    const reposts = cascadeLines(star('p', 7), { via: 'repostOf', start: '2026-11-20T11:00:00Z' });
    // The chain arrives backwards: every reply before its parent, across pages.
    const backwards = cascadeLines(chain('c', 5), { via: 'quoteOf', start: '2026-11-20T12:00:00Z' }).reverse();
    const result = await importFile('conv.jsonl', [...replies, ...reposts, ...backwards]);
    expect(result).toMatchObject({ indexed: 19, rejected: 0, problems: [] });
    expect(shape(await story('x:r'))).toEqual({ size: 7, depth: 2, maxBreadth: 4, trees: 1, virality: 16 / 7 });
    expect(shape(await story('x:p'))).toEqual({ size: 7, depth: 1, maxBreadth: 6, trees: 1, virality: 12 / 7 });
    expect(shape(await story('x:c'))).toEqual({ size: 5, depth: 4, maxBreadth: 1, trees: 1, virality: 2 });
    expect((await mentions('x:c')).map((m) => [m.id, m.enrichment.story!.parentId ?? null, m.enrichment.story!.depth])).toEqual([
      ['x:c', null, 0], ['x:c-1', 'x:c', 1], ['x:c-2', 'x:c-1', 2], ['x:c-3', 'x:c-2', 3], ['x:c-4', 'x:c-3', 4],
    ]);
    // The orphan stories the backwards chain passed through are gone.
    const { total, stories } = await searchStories(env.client, env.names, { sort: 'size' });
    expect(stories.map((s) => s.id).sort()).toEqual(['x:c', 'x:p', 'x:r']);
    expect(total).toBe(3);
    expect(logLines.filter((l) => l.event === 'stories.updated').length).toBeGreaterThan(0);
  });

  it('after a restart, reloads a story from Elasticsearch when a reply to it arrives', async () => {
    const result = await importFile('more.jsonl', [
      { platform: 'x', id: 'r-7', replyTo: 'r-3', text: 'late reply', author: { id: 'z' }, publishedAt: '2026-11-20T13:00:00Z' },
    ]);
    expect(result.indexed).toBe(1);
    expect(logLines.find((l) => l.event === 'stories.recovered')).toMatchObject({ stories: 3 });
    const s = await story('x:r');
    // Edges below r-7, r-3, r-4, r-5, r-6, r-1, r-2: W = 1·7 + 2·6 + 3·(1·7) + 4·4 + 3·5 = 71.
    expect(shape(s)).toEqual({ size: 8, depth: 3, maxBreadth: 4, trees: 1, virality: (2 * 71) / (8 * 7) });
    expect((await mentions('x:r')).find((m) => m.id === 'x:r-7')!.enrichment.story).toEqual({ id: 'x:r', parentId: 'x:r-3', parentVia: 'reply', inferred: false, depth: 3 });
  });

  it('re-attaches mentions indexed earlier when their parent arrives in a later run', async () => {
    await importFile('orphans.jsonl', [
      { platform: 'x', id: 'o1', replyTo: 'late', text: 'svar ett', author: { id: 'o1' }, publishedAt: '2026-11-21T10:05:00Z' },
      { platform: 'x', id: 'o2', replyTo: 'late', text: 'svar två', author: { id: 'o2' }, publishedAt: '2026-11-21T10:06:00Z' },
    ]);
    expect(await story('x:late')).toMatchObject({ size: 2, trees: 2, depth: 0, orphans: 2, missingParents: ['x:late'] });
    await importFile('parent.jsonl', [{ platform: 'x', id: 'late', text: 'ursprunget', author: { id: 'L', handle: 'lena', followers: 50 }, publishedAt: '2026-11-21T10:00:00Z' }]);
    expect(await story('x:late')).toMatchObject({ size: 3, trees: 1, depth: 1, maxBreadth: 2, orphans: 0, missingParents: [], origin: { mentionId: 'x:late', authorHandle: 'lena' } });
    expect((await mentions('x:late')).map((m) => [m.id, m.enrichment.story!.depth])).toEqual([['x:late', 0], ['x:o1', 1], ['x:o2', 1]]);
  });

  it('groups a blog post and the posts sharing it, and says the edges were inferred', async () => {
    await importFile('links.jsonl', [
      { platform: 'x', id: 'sh1', text: 'Läs det här', links: ['https://blogg.example/inlagg?utm_source=x'], author: { id: 's1' }, publishedAt: '2026-11-22T10:01:00Z' },
      { platform: 'x', id: 'sh2', text: 'Och här: https://www.blogg.example/inlagg/', author: { id: 's2' }, publishedAt: '2026-11-22T10:02:00Z' },
      { platform: 'rss', id: 'post', url: 'https://blogg.example/inlagg', title: 'Mitt inlägg', text: 'Om Fjällvind', author: { id: 'blog' }, publishedAt: '2026-11-22T10:00:00Z' },
    ]);
    expect(await story('rss:post')).toMatchObject({ size: 3, depth: 1, maxBreadth: 2, inferred: 2, title: 'Mitt inlägg', platforms: ['rss', 'x'] });
    expect((await mentions('rss:post')).find((m) => m.id === 'x:sh2')!.enrichment.story).toEqual({ id: 'rss:post', parentId: 'rss:post', parentVia: 'link', inferred: true, depth: 1 });
  });
});

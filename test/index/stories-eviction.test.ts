import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { storiesConfig } from '../../enrich/stories/config.ts';
import { createStoryTracker } from '../../enrich/stories/hooks.ts';
import { buildStory, type StoryDoc } from '../../enrich/stories/story.ts';
import { StoryTracker } from '../../enrich/stories/tracker.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { cutProxy } from '../helpers/cut-proxy.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';
import { binary, cascade, chain, prng, shuffle, star } from '../helpers/cascades.ts';
import { mention } from '../helpers/mentions.ts';
import { logLines } from '../setup.ts';

/** Replies, reposts, quotes, orphans, a long chain, and shares of a blog post (no text copies). */
function dataset(): Mention[] {
  const at = (h: number, m: number) => `2026-11-20T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;
  const shares = [0, 1, 2, 3].map((i) => mention({ nativeId: `s${i}`, text: `se ${i}`, author: { id: `s${i}` }, publishedAt: at(15, i + 1), enrichment: { links: ['https://news.example/a'] } }));
  // A reply that also shares the link: a sharer in another story than the article's.
  const replyShare = mention({ nativeId: 'rs', text: 'svar med länk', author: { id: 'rs' }, publishedAt: at(15, 0), references: { replyTo: { id: 'r-3' } }, enrichment: { links: ['https://news.example/a'] } });
  const article = mention({ platform: 'rss', nativeId: 'art', url: 'https://news.example/a', text: 'artikeln', author: { id: 'news' }, publishedAt: at(14, 59) });
  // A post linking to a tweet: the tweet is its article (found by link only, its own URL names one post).
  const tweet = mention({ nativeId: 'tw', url: 'https://x.com/news/status/tw', text: 'tweeten', author: { id: 'news' }, publishedAt: at(17, 0) });
  const linker = mention({ nativeId: 'lk', text: 'läs tråden', author: { id: 'lk' }, publishedAt: at(17, 5), enrichment: { links: ['https://x.com/news/status/tw'] } });
  return [
    ...cascade(binary('r', 3)),
    ...cascade(star('p', 12), { via: 'repostOf', start: at(12, 0) }),
    ...cascade({ q: null, 'q-1': 'q', 'q-2': 'q-1', 'q-3': 'q' }, { via: 'quoteOf', start: at(13, 0) }),
    ...cascade({ o1: 'lost', o2: 'lost', o3: 'o1' }, { start: at(14, 0) }),
    ...cascade(chain('c', 30), { start: at(16, 0) }),
    ...shares,
    replyShare,
    article,
    tweet,
    linker,
  ];
}

/**
 * `mentions` in shuffled pages of 1–5 through story hooks with a working set of 3, overlapped
 * like the runner (page k is placed before page k − 1 is acknowledged), with refresh switched
 * off on the index (the worst case for lookups: Elasticsearch never refreshes on its own); then
 * every mention and story is compared with a tracker that holds everything.
 */
async function throughWorkingSet(mentions: Mention[]) {
  const env = await testPipeline({ stories: { maxTrackedMentions: 3, recoverSecs: 0, groupByText: false, writeIntervalSecs: 0 } });
  try {
    const index = env.names.index('mentions', '2026-11-20');
    await env.client.indices.create({ index });
    await env.client.indices.putSettings({ index, settings: { refresh_interval: '-1' } });
    const whole = new StoryTracker(storiesConfig.parse({ groupByText: false }));
    whole.add(mentions);

    const pipeline = { ...env.pipeline, refresh: false, now: () => new Date('2026-11-21T00:00:00Z') };
    const hooks = createStoryTracker(pipeline);
    const random = prng(9);
    const pages: Mention[][] = [];
    const shuffled = shuffle(mentions, random);
    for (let i = 0; i < shuffled.length; ) {
      const size = 1 + Math.floor(random() * 5);
      pages.push(shuffled.slice(i, (i += size)));
    }
    let previous: Mention[] | undefined;
    const dead = join(tmpdir(), `${env.prefix}-dead.jsonl`);
    for (const page of [...pages, undefined]) {
      const placed = page && (await hooks.beforeIndex(page));
      if (previous) {
        await writeMentions(env.client, env.names, previous, { deadLetterFile: dead });
        await hooks.afterIndex(previous);
      }
      previous = placed;
    }
    await hooks.afterRun();
    expect(logLines.filter((l) => l.event === 'stories.evicted').length).toBeGreaterThan(pages.length / 2);
    expect(logLines.filter((l) => l.event === 'stories.recovered').length).toBeGreaterThan(5);
    expect(logLines.filter((l) => l.event === 'stories.failed')).toEqual([]);

    await env.client.indices.refresh({ index: [env.names.alias('mentions'), env.names.alias('stories')] });
    const stored = await env.client.search<Mention>({ index: env.names.alias('mentions'), size: 1000 });
    const ids = new Set(mentions.map((m) => m.id));
    expect(stored.hits.hits.length).toBe(ids.size);
    expect(Object.fromEntries(stored.hits.hits.map((h) => [h._id, h._source!.enrichment.story]))).toEqual(
      Object.fromEntries([...ids].map((id) => [id, whole.place(id)])),
    );
    const storyIds = [...new Set(mentions.map((m) => whole.place(m.id)!.id))].sort();
    const docs = await env.client.search<StoryDoc>({ index: env.names.alias('stories'), size: 1000, sort: [{ id: 'asc' }] });
    const withoutTime = ({ updatedAt, ...doc }: StoryDoc) => doc;
    expect(docs.hits.hits.map((h) => withoutTime(h._source!))).toEqual(
      storyIds.map((id) => withoutTime(buildStory(whole, id, { velocityWindowSecs: 3600, now: new Date() })!)),
    );
    expect(storyIds).toEqual(['rss:art', 'x:c', 'x:lost', 'x:p', 'x:q', 'x:r', 'x:tw']);
  } finally {
    await env.cleanup();
  }
}

describe('story tracking with a working set far smaller than the data', () => {
  it('evicts after almost every page and still gives every mention and story exactly what a tracker holding everything gives', async () => {
    await throughWorkingSet(dataset());
  });

  it('gives the same with posts collected again, usually after their story left memory', async () => {
    const mentions = dataset();
    await throughWorkingSet([...mentions, ...mentions.filter((_, i) => i % 4 === 0)]);
  });
});

describe('a link shared all through the history', () => {
  it('places a later share under the earliest sharer, reloading only that story', async () => {
    const link = 'https://fjallvind.example/';
    const at = (i: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + i * 60_000).toISOString();
    // The earliest sharer, then 30 replies sharing the link, each in the story of the post it answers.
    const history = [mention({ nativeId: 'first', text: 'hemsidan', author: { id: 'first' }, publishedAt: at(0), enrichment: { links: [link] } })];
    for (let i = 1; i <= 30; i++) {
      history.push(mention({ nativeId: `q${i}`, text: `fråga ${i}`, author: { id: `q${i}` }, publishedAt: at(2 * i) }));
      history.push(mention({ nativeId: `a${i}`, text: `svar ${i}`, author: { id: `a${i}` }, publishedAt: at(2 * i + 1), references: { replyTo: { id: `q${i}` } }, enrichment: { links: [link] } }));
    }
    const share = mention({ nativeId: 'share', text: 'titta här', author: { id: 'share' }, publishedAt: at(100), enrichment: { links: [link] } });
    const own = await testPipeline({ stories: { maxTrackedMentions: 3, recoverSecs: 0, groupByText: false, writeIntervalSecs: 0 } });
    try {
      const hooks = createStoryTracker({ ...own.pipeline, refresh: false });
      const dead = join(tmpdir(), `${own.prefix}-dead.jsonl`);
      const step = async (page: Mention[]) => {
        const placed = await hooks.beforeIndex(page);
        await writeMentions(own.client, own.names, placed, { deadLetterFile: dead });
        await hooks.afterIndex(placed);
      };
      // Link lookups (one _msearch each): on the first page (nothing indexed yet) and for the
      // first reply after the first sharer left memory; every later reply sharing the link is
      // placed under what it answers without one (there was one per page with a reply: 20).
      let linkLookups = 0;
      own.client.diagnostic.on('response', (_error, result) => {
        if (result?.meta.request.params.path.endsWith('/_msearch')) linkLookups++;
      });
      for (let i = 0; i < history.length; i += 3) await step(history.slice(i, i + 3));
      expect(linkLookups).toBe(2);
      expect(hooks.tracker.node('x:first')).toBeUndefined();
      const from = logLines.length;
      await step([share]);
      expect(logLines.slice(from).filter((l) => l.event === 'stories.recovered').map((l) => [l.stories, l.mentions])).toEqual([[1, 1]]);
      expect(hooks.tracker.place('x:share')).toEqual({ id: 'x:first', parentId: 'x:first', parentVia: 'link', inferred: true, depth: 1 });
      // A share published before every other one is the parent of every sharer without a stated
      // parent: then every story sharing the link comes back.
      const earliest = mention({ nativeId: 'earliest', text: 'först', author: { id: 'earliest' }, publishedAt: at(-1), enrichment: { links: [link] } });
      const before = logLines.length;
      await step([earliest]);
      // The 30 answers' stories (x:first's is in memory).
      expect(logLines.slice(before).filter((l) => l.event === 'stories.recovered').map((l) => l.stories)).toEqual([30]);
      await hooks.afterRun();
      const all = [...history, share, earliest];
      const whole = new StoryTracker(storiesConfig.parse({ groupByText: false }));
      whole.add(all);
      await own.client.indices.refresh({ index: own.names.alias('mentions') });
      const stored = await own.client.search<Mention>({ index: own.names.alias('mentions'), size: 1000 });
      expect(Object.fromEntries(stored.hits.hits.map((h) => [h._id, h._source!.enrichment.story]))).toEqual(Object.fromEntries(all.map((m) => [m.id, whole.place(m.id)])));
      expect(whole.place('x:first')).toEqual({ id: 'x:earliest', parentId: 'x:earliest', parentVia: 'link', inferred: true, depth: 1 });
    } finally {
      await own.cleanup();
    }
  });
});

describe('a lookup that fails', () => {
  it('is tried again before the page is placed: a reply after a restart still finds its evicted parent', async () => {
    const env = await testPipeline({ stories: { recoverSecs: 0, writeIntervalSecs: 0 } });
    const proxy = await cutProxy(elasticsearchUrl());
    const client = new Client({ node: proxy.url, maxRetries: 0, requestTimeout: 5000 });
    try {
      const first = createStoryTracker(env.pipeline);
      const root = mention({ nativeId: 'root', publishedAt: '2026-11-20T10:00:00Z' });
      await writeMentions(env.client, env.names, await first.beforeIndex([root]), { refresh: true, deadLetterFile: '/dev/null' });
      await first.afterRun();

      // A new process whose cluster is unreachable for its first try; the wait before the next brings it back.
      const waits: number[] = [];
      const sleep = async (ms: number) => (waits.push(ms), proxy.restore());
      const hooks = createStoryTracker({ ...env.pipeline, client, sleep });
      await proxy.cut();
      const from = logLines.length;
      const [reply] = await hooks.beforeIndex([mention({ nativeId: 'reply', references: { replyTo: { id: 'root' } }, publishedAt: '2026-11-20T10:05:00Z' })]);
      expect(reply!.enrichment.story).toEqual({ id: 'x:root', parentId: 'x:root', parentVia: 'reply', inferred: false, depth: 1 });
      expect(waits).toEqual([250]);
      expect(logLines.slice(from).filter((l) => l.event === 'stories.failed').map((l) => l.msg)).toEqual([expect.stringMatching(/; trying again in 250 ms$/)]);
    } finally {
      await client.close();
      await proxy.close();
      await env.cleanup();
    }
  });
});

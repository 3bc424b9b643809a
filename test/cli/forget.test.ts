import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryTracker } from '../../enrich/stories/hooks.ts';
import { buildStory, type StoryDoc } from '../../enrich/stories/story.ts';
import { StoryTracker } from '../../enrich/stories/tracker.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { placeUnplaced } from '../../enrich/story-stage.ts';
import { forgetAuthor } from '../../index/forget.ts';
import { rykte } from '../helpers/cli.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { importLine, jsonl, mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let config: string;
const at = (min: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + min * 60_000).toISOString();
const anna = { id: 'u1', handle: 'anna', followers: 900 };
// A conversation started by anna (who also replies in it), and a story of its own.
const page = [
  mention({ nativeId: 'a1', author: anna, text: 'Fjällvind jackan läcker', publishedAt: at(0) }),
  mention({ nativeId: 'b1', author: { id: 'u2', handle: 'bo', followers: 10 }, text: 'samma här', references: { replyTo: { id: 'a1' } }, publishedAt: at(5) }),
  mention({ nativeId: 'a2', author: anna, text: 'tack bo', references: { replyTo: { id: 'b1' } }, publishedAt: at(6) }),
  mention({ nativeId: 'c1', author: { id: 'u3', handle: 'cia', followers: 20 }, text: 'inte min', references: { replyTo: { id: 'a1' } }, publishedAt: at(7) }),
  mention({ nativeId: 'd1', author: { id: 'u4', handle: 'dan', followers: 5 }, text: 'helt annat ämne', publishedAt: at(30) }),
];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rykte-forget-'));
  env = await testPipeline({}, dir);
  config = join(dir, 'rykte.yml');
  await writeFile(config, `elasticsearch:\n  indexPrefix: ${env.prefix}\n`);
  const hooks = createStoryTracker(env.pipeline);
  const placed = await hooks.beforeIndex(page);
  await writeMentions(env.client, env.names, placed, { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
  await hooks.afterRun();
  // The new-voice rule remembers whom it announced.
  await env.pipeline.state.put('alert-rule', 'voices', { until: 1, state: { announced: { 'fjallvind:anna': 1, 'fjallvind:bo': 2 } } });
  const top = (id: string, author: string) => ({ id, author, text: '…', publishedAt: at(0) });
  await env.client.bulk({
    refresh: true,
    operations: [
      { index: { _index: env.names.index('alerts'), _id: 'al1' } },
      { id: 'al1', '@timestamp': at(60), rule: 'story', type: 'storyVelocity', key: 'x:a1', matchTime: at(60), summary: 'A story spreads fast', storyId: 'x:a1', mentionIds: ['x:a1', 'x:b1'], topMentions: [top('x:a1', 'anna'), top('x:b1', 'bo')], notifications: [] },
      { index: { _index: env.names.index('alerts'), _id: 'al2' } },
      { id: 'al2', '@timestamp': at(60), rule: 'voices', type: 'newVoice', key: 'fjallvind:anna', matchTime: at(0), summary: 'New voice: @anna (900 followers) mentions fjallvind for the first time', mentionIds: ['x:a1'], topMentions: [top('x:a1', 'anna')], details: { brand: 'fjallvind', author: anna, url: 'https://x.com/anna/status/a1' }, notifications: [] },
      { create: { _index: env.names.index('errors') } },
      { '@timestamp': at(60), kind: 'rejected', stage: 'index', source: 'test', documentId: 'x:a2', errorType: 'x', message: 'y', document: page[2] },
      // A document of anna's that was never indexed: found by the author stored with it.
      { create: { _index: env.names.index('errors') } },
      { '@timestamp': at(60), kind: 'rejected', stage: 'index', source: 'test', documentId: 'x:a9', errorType: 'x', message: 'y', document: mention({ nativeId: 'a9', author: anna, text: 'x', publishedAt: at(9) }) },
    ],
  });
});
afterAll(() => env.cleanup());

const ids = async () => (await env.client.search({ index: env.names.alias('mentions'), size: 100, _source: false, sort: [{ id: 'asc' }] })).hits.hits.map((h) => h._id);
const story = async (id: string) => (await env.client.get<StoryDoc>({ index: env.names.index('stories'), id }, { ignore: [404] }))._source;

describe('rykte forget', () => {
  it("erases an author's mentions, rebuilds their stories and cleans alert evidence", async () => {
    expect((await story('x:a1'))!.size).toBe(4);
    const dry = await rykte(config, 'forget', '--author', 'x:u1', '--dry-run');
    expect(dry.stdout.trim()).toBe("x:u1: would erase 2 mentions, rebuild 1 stories, delete 2 error records, clean 2 alerts' evidence");
    expect(await ids()).toHaveLength(5);

    const run = await rykte(config, 'forget', '--author', 'x:u1');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe("x:u1: erased 2 mentions; stories: 1 rebuilt, 0 deleted; 2 error records deleted; 2 alerts' evidence cleaned");
    expect(await ids()).toEqual(['x:b1', 'x:c1', 'x:d1']);

    // The story's document is what the story code makes of the mentions left.
    const left = (await env.client.search<Mention>({ index: env.names.alias('mentions'), size: 10, query: { terms: { id: ['x:b1', 'x:c1'] } } })).hits.hits.map((h) => h._source!);
    const tracker = new StoryTracker(env.pipeline.config.stories);
    tracker.add(left, true);
    const expected = buildStory(tracker, 'x:a1', { velocityWindowSecs: env.pipeline.config.stories.velocityWindowSecs, now: new Date() })!;
    const rebuilt = (await story('x:a1'))!;
    expect({ size: rebuilt.size, uniqueAuthors: rebuilt.uniqueAuthors, reach: rebuilt.reach, orphans: rebuilt.orphans }).toEqual({ size: 2, uniqueAuthors: 2, reach: 30, orphans: 2 });
    expect({ ...rebuilt, updatedAt: '' }).toEqual({ ...expected, updatedAt: '' });
    expect((await story('x:d1'))!.size).toBe(1);

    const alerts = await env.client.search<{ id: string; mentionIds: string[]; topMentions: { id: string }[]; key: string; summary: string }>({ index: env.names.alias('alerts'), sort: [{ id: 'asc' }] });
    expect(alerts.hits.hits.map((h) => h._source!).map((a) => [a.mentionIds, a.topMentions.map((m) => m.id), a.key, a.summary])).toEqual([
      [['x:b1'], ['x:b1'], 'x:a1', 'A story spreads fast'],
      [[], [], 'fjallvind:(erased)', 'New voice: @(erased) (900 followers) mentions fjallvind for the first time'],
    ]);
    expect(alerts.hits.hits[1]!._source).toMatchObject({ details: { brand: 'fjallvind', author: null, url: null } });
    expect(await env.pipeline.state.get('alert-rule', 'voices')).toEqual({ until: 1, state: { announced: { 'fjallvind:bo': 2 } } });
    expect((await env.client.count({ index: env.names.alias('errors'), query: { terms: { documentId: ['x:a2', 'x:a9'] } } })).count).toBe(0);

    // By handle: nothing left of anna; dan goes, and his one-mention story with him.
    expect((await rykte(config, 'forget', '--author', '@anna')).stdout.split('\n')[0]).toBe("@anna: erased 0 mentions; stories: 0 rebuilt, 0 deleted; 0 error records deleted; 0 alerts' evidence cleaned");
    expect((await rykte(config, 'forget', '--author', 'dan')).stdout.split('\n')[0]).toBe("dan: erased 1 mentions; stories: 0 rebuilt, 1 deleted; 0 error records deleted; 0 alerts' evidence cleaned");
    expect(await story('x:d1')).toBeUndefined();
  }, 120_000);

  it("leaves erased authors' posts out of imports and replays, until lifted", async () => {
    // Erased above: x:u1 by id, @anna and dan by handle (on every platform, in any case).
    expect((await rykte(config, 'forget', '--list')).stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(['@anna', '@dan', 'x:u1', '3 erased author(s); their posts are left out wherever they come from', '']);
    expect((await rykte(config, 'status')).stdout.trim().split('\n').at(-1)).toBe('erased authors: 3, their posts left out (rykte forget --list)');
    const dir = await mkdtemp(join(tmpdir(), 'rykte-forget-import-'));
    const lines = [
      importLine({ id: 'n1', author: { id: 'u1', handle: 'anna2' }, text: 'by id' }),
      importLine({ id: 'n2', author: { id: 'u9', handle: 'DAN' }, text: 'by handle, upper case' }),
      importLine({ id: 'n3', platform: 'mastodon', author: { id: 'u1', handle: 'someone' }, text: 'u1 elsewhere is someone else' }),
      importLine({ id: 'n4', author: { id: 'u5', handle: 'eva' }, text: 'not erased' }),
    ];
    const file = join(dir, 'after-forget.jsonl');
    await writeFile(file, jsonl(lines));
    const run = await rykte(config, 'import', file);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`${file}: 2 indexed, 0 rejected, 0 bad lines, 2 of erased authors left out`);
    expect(await ids()).toEqual(['mastodon:n3', 'x:b1', 'x:c1', 'x:n4']);

    // A rejected document recorded after the forget (the dead-letter file, a daemon's page) is deleted, not replayed.
    await env.client.bulk({
      refresh: true,
      operations: [
        { create: { _index: env.names.index('errors') } },
        { '@timestamp': at(70), kind: 'rejected', stage: 'index', source: 'test', documentId: 'x:a7', errorType: 'x', message: 'y', document: mention({ nativeId: 'a7', author: anna, text: 'x', publishedAt: at(70) }) },
        { create: { _index: env.names.index('errors') } },
        { '@timestamp': at(71), kind: 'rejected', stage: 'index', source: 'test', documentId: 'x:e7', errorType: 'x', message: 'y', document: mention({ nativeId: 'e7', author: { id: 'u5', handle: 'eva' }, text: 'x', publishedAt: at(71) }) },
      ],
    });
    const replay = await rykte(config, 'errors', 'replay');
    expect(replay.stdout.trim()).toBe('replayed 1 of 2 rejected documents; 0 refused again; 1 of erased authors deleted, not replayed');
    expect((await env.client.count({ index: env.names.alias('errors'), query: { term: { documentId: 'x:a7' } } })).count).toBe(0);
    expect(await ids()).toEqual(['mastodon:n3', 'x:b1', 'x:c1', 'x:e7', 'x:n4']);

    const lift = await rykte(config, 'forget', '--lift', 'DAN');
    expect(lift.stdout.trim()).toBe('DAN: their posts are indexed again from the next run of each source');
    const again = await rykte(config, 'forget', '--lift', 'dan');
    expect([again.code, again.stdout.trim()]).toEqual([1, 'dan: not an erased author (rykte forget --list)']);
    expect((await rykte(config, 'import', '--from-start', file)).stdout.trim()).toBe(`${file}: 3 indexed, 0 rejected, 0 bad lines, 1 of erased authors left out`);
    expect(await ids()).toContain('x:n2');
    // Rejected documents past a page of 1,000, all recorded at one time (one page's records are).
    const zed = { id: 'u7', handle: 'zed' };
    await env.client.bulk({
      refresh: true,
      operations: Array.from({ length: 1_234 }, (_, i) => [
        { create: { _index: env.names.index('errors') } },
        { '@timestamp': at(80), kind: 'rejected', stage: 'index', source: 'test', documentId: `x:z${i}`, errorType: 'x', message: 'y', document: mention({ nativeId: `z${i}`, author: zed, text: 'x', publishedAt: at(80) }) },
      ]).flat(),
    });
    expect((await rykte(config, 'forget', '--author', 'x:u7')).stdout.split('\n')[0]).toBe("x:u7: erased 0 mentions; stories: 0 rebuilt, 0 deleted; 1234 error records deleted; 0 alerts' evidence cleaned");
    expect((await env.client.count({ index: env.names.alias('errors'), query: { prefix: { documentId: 'x:z' } } })).count).toBe(0);

    const none = await rykte(config, 'forget');
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([1, 'error: give one of --author <author>, --list or --lift <author>']);
  }, 120_000);
});

describe('rykte forget while a daemon tracks stories', () => {
  it("drops the erased author's stories from the daemon's memory, so they are not written back", async () => {
    const own = await testPipeline({}, await mkdtemp(join(tmpdir(), 'rykte-forget-daemon-')));
    try {
      // As `rykte run` places stories: mentions are indexed without a place, and the holder of
      // the stories lease places them round after round (enrich/story-stage.ts).
      const hooks = createStoryTracker(own.pipeline);
      const index = async (mentions: Mention[]) => {
        await writeMentions(own.client, own.names, mentions, { refresh: true, deadLetterFile: '/dev/null' });
        await placeUnplaced(own.pipeline, hooks);
      };
      const zoe = { id: 'u8', handle: 'zoe', followers: 5000 };
      await index([
        mention({ nativeId: 'z1', author: zoe, text: 'Fjällvind läcker', publishedAt: at(0) }),
        mention({ nativeId: 'y1', author: { id: 'u9', handle: 'yan', followers: 10 }, text: 'samma här', references: { replyTo: { id: 'z1' } }, publishedAt: at(1) }),
      ]);
      const doc = async () => (await own.client.get<StoryDoc>({ index: own.names.index('stories'), id: 'x:z1' }))._source!;
      expect([(await doc()).size, (await doc()).origin?.authorHandle]).toEqual([2, 'zoe']);

      await forgetAuthor(own.client, own.names, own.pipeline.config.stories, 'x:u8');
      await index([mention({ nativeId: 'o1', author: { id: 'u10', handle: 'ola', followers: 20 }, text: 'och här', references: { replyTo: { id: 'y1' } }, publishedAt: at(2) })]);
      const after = await doc();
      expect([after.size, after.uniqueAuthors, after.reach]).toEqual([2, 2, 30]);
      expect(JSON.stringify(after)).not.toContain('zoe');
    } finally {
      await own.cleanup();
    }
  }, 60_000);
});


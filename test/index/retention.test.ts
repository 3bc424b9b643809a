import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention, expiredIndices, keepFrom } from '../../index/retention.ts';
import { writeStories } from '../../index/stories.ts';
import { writeMentions } from '../../index/writer.ts';
import type { StoryDoc } from '../../enrich/stories/story.ts';
import { rykte } from '../helpers/cli.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';
import { logLines } from '../setup.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let config: string;
/** The 15th of the month `n` months before this one: dates that keep their meaning whenever the test runs. */
const monthsAgo = (n: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15)).toISOString();
};
const monthIndex = (n: number) => env.names.index('mentions', monthsAgo(n));

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rykte-retention-'));
  env = await testPipeline({}, dir);
  config = join(dir, 'rykte.yml');
  await writeFile(config, `elasticsearch:\n  indexPrefix: ${env.prefix}\nretention:\n  months: 24\n`);
  await writeMentions(env.client, env.names, [30, 25, 24, 1].map((n) => mention({ nativeId: `r${n}`, publishedAt: monthsAgo(n) })), { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
  const storyAt = (id: string, n: number) => ({ id, size: 1, lastSeen: monthsAgo(n), firstSeen: monthsAgo(n) }) as unknown as StoryDoc;
  await writeStories(env.client, env.names, [storyAt('s-old', 25), storyAt('s-kept', 24)], [], true);
});
afterAll(() => env.cleanup());

const indices = async () => (await env.client.cat.indices({ index: `${env.prefix}-mentions-*`, h: 'index', format: 'json' })).map((i) => i.index!).sort();

describe('retention', () => {
  it('keeps whole months: from the month that holds now minus `months`', () => {
    expect(keepFrom(new Date('2026-12-15T10:00:00Z'), 24).toISOString()).toBe('2024-12-01T00:00:00.000Z');
    expect(keepFrom(new Date('2026-01-01T00:00:00Z'), 1).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    const names = ['r-mentions-v1-2024.10', 'r-mentions-v1-2024.11', 'r-mentions-v1-2024.12', 'r-mentions-v1-invalid-date', 'r-mentions-v1-2026.12'];
    expect(expiredIndices(names, new Date('2024-12-01T00:00:00Z'))).toEqual(['r-mentions-v1-2024.10', 'r-mentions-v1-2024.11']);
  });

  it('rykte retention --dry-run lists what would go and deletes nothing', async () => {
    const { stdout, code } = await rykte(config, 'retention', '--dry-run');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`retention 24 months: keeping mentions from ${monthsAgo(24).slice(0, 8)}01; would delete 2 indices (${monthIndex(30)}, ${monthIndex(25)}) and 1 stories`);
    expect(await indices()).toHaveLength(4);
  }, 60_000);

  it('deletes the monthly indices and stories older than the months kept, and logs it', async () => {
    const result = await applyRetention(env.client, env.names, 24);
    expect(result).toEqual({ keepFrom: `${monthsAgo(24).slice(0, 8)}01T00:00:00.000Z`, indices: [monthIndex(30), monthIndex(25)], stories: 1 });
    expect(await indices()).toEqual([monthIndex(24), monthIndex(1)].sort());
    const stories = await env.client.search({ index: env.names.alias('stories'), _source: false });
    expect(stories.hits.hits.map((h) => h._id)).toEqual(['s-kept']);
    expect(logLines.filter((l) => l.event === 'index.retention').map((l) => [l.indices, l.stories])).toEqual([[[monthIndex(30), monthIndex(25)], 1]]);
    expect(await applyRetention(env.client, env.names, 24)).toMatchObject({ indices: [], stories: 0 });
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoryDoc } from '../../enrich/stories/story.ts';
import type { Mention } from '../../model/mention.ts';
import { binary, cascadeLines, chain, prng, shuffle, star } from '../helpers/cascades.ts';
import { rykte } from '../helpers/cli.ts';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';
import { jsonl } from '../helpers/mentions.ts';
import { startWorker, type Worker } from '../helpers/workers.ts';

/**
 * The same cascades, shuffled and dealt over six import sources (so a reply is often collected
 * by another worker than its parent, and before it): `rykte run` with one worker and with three
 * in parallel give identical story documents and identical places for every mention, and the
 * same metrics as `rykte import` placing them inline.
 */
const run = Date.now().toString(36);
const prefixes = { one: `tsto1${run}`, three: `tsto3${run}`, inline: `tstoi${run}` };
const es = new Client({ node: elasticsearchUrl() });
const files = [1, 2, 3, 4, 5, 6].map((i) => `part${i}.jsonl`);
let dir: string;
let total = 0;
let workers: Worker[] = [];

const link = 'https://news.example/fjallvind-kina';
const sharers = Array.from({ length: 12 }, (_, i) => ({
  platform: 'x',
  id: `l${i}`,
  author: { id: `a-l${i}`, handle: `hl${i}`, followers: 50 + i },
  text: `Har ni sett det här ${link} nummer ${i}`,
  publishedAt: new Date(Date.parse('2026-11-20T12:00:00Z') + i * 90_000).toISOString(),
}));

function config(prefix: string) {
  return [
    'elasticsearch:',
    `  indexPrefix: ${prefix}`,
    `  deadLetterFile: ${join(dir, `${prefix}-dead.jsonl`)}`,
    'workers: { leaseSecs: 4, renewSecs: 1 }',
    'alerts: { rules: [] }',
    'sources:',
    ...files.map((f) => `  - { type: import, name: ${f.replace('.jsonl', '')}, path: ${join(dir, f)}, pageSize: 15, intervalSecs: 1 }`),
  ].join('\n');
}

async function stories(prefix: string) {
  await es.indices.refresh({ index: `${prefix}-*` });
  const response = await es.search<StoryDoc>({ index: `${prefix}-stories`, size: 1000, sort: [{ id: 'asc' }] });
  return response.hits.hits.map(({ _source }) => {
    const { updatedAt: _, ...doc } = _source!;
    return doc;
  });
}

async function places(prefix: string) {
  await es.indices.refresh({ index: `${prefix}-*` });
  const response = await es.search<Mention>({ index: `${prefix}-mentions`, size: 1000, sort: [{ id: 'asc' }], _source: ['id', 'enrichment.story'] });
  return response.hits.hits.map((h) => [h._source!.id, h._source!.enrichment?.story]);
}

/** Start workers on a config; once every mention is indexed and placed, stop them cleanly. */
async function runWorkers(prefix: string, count: number) {
  await writeFile(join(dir, `${prefix}.yml`), config(prefix));
  workers = Array.from({ length: count }, () => startWorker(join(dir, `${prefix}.yml`), { ELASTICSEARCH_URL: elasticsearchUrl() }));
  await vi.waitFor(async () => {
    const placed = await places(prefix).catch(() => []);
    expect(placed.filter(([, story]) => story).length).toBe(total);
  }, { timeout: 180_000, interval: 1000 });
  for (const w of workers) w.kill('SIGTERM');
  expect(await Promise.all(workers.map((w) => w.exited))).toEqual(workers.map(() => 0));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-stories-'));
  const lines = [...cascadeLines(binary('b', 5)), ...cascadeLines(chain('c', 40), { start: '2026-11-20T11:00:00Z' }), ...cascadeLines(star('s', 30), { via: 'quoteOf' }), ...sharers];
  total = lines.length;
  const dealt = shuffle(lines, prng(7));
  await Promise.all(files.map((f, i) => writeFile(join(dir, f), jsonl(dealt.filter((_, j) => j % files.length === i)))));
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  for (const prefix of Object.values(prefixes)) await deletePrefix(prefix, es);
  await es.close();
});

describe('stories across workers', () => {
  it('are identical whether one worker or three collect the cascades, and match an inline import', { timeout: 600_000 }, async () => {
    await runWorkers(prefixes.one, 1);
    await runWorkers(prefixes.three, 3);
    const one = await stories(prefixes.one);
    expect(one.map((s) => [s.id, s.size, s.depth, s.maxBreadth]).filter(([, size]) => (size as number) > 1)).toEqual([
      ['x:b', 63, 5, 32],
      ['x:c', 40, 39, 1],
      ['x:l0', 12, 1, 11],
      ['x:s', 30, 1, 29],
    ]);
    expect(await stories(prefixes.three)).toEqual(one);
    expect(await places(prefixes.three)).toEqual(await places(prefixes.one));

    await writeFile(join(dir, `${prefixes.inline}.yml`), config(prefixes.inline));
    const imported = await rykte(join(dir, `${prefixes.inline}.yml`), 'import', ...files.map((f) => join(dir, f)));
    expect(imported.code).toBe(0);
    const inline = await stories(prefixes.inline);
    const metrics = (docs: typeof one) => docs.map(({ sources: _, ...doc }) => doc);
    expect(metrics(inline)).toEqual(metrics(one));
  });
});

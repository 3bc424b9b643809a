import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix } from '../helpers/elasticsearch.ts';
import { rykte as rykteCli } from '../helpers/cli.ts';
import { binary, cascadeLines, chain, star } from '../helpers/cascades.ts';
import { jsonl } from '../helpers/mentions.ts';

let dir: string;
const prefix = `tclistory${Date.now().toString(36)}`;

const rykte = (...args: string[]) => rykteCli(join(dir, 'rykte.yml'), ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-cli-stories-'));
  await writeFile(
    join(dir, 'rykte.yml'),
    `elasticsearch:\n  indexPrefix: ${prefix}\n  deadLetterFile: ${join(dir, 'dead.jsonl')}\n`,
  );
  const lines = [
    ...cascadeLines(binary('b', 3)),
    ...cascadeLines(star('s', 6), { via: 'repostOf', start: '2026-11-20T12:00:00Z' }),
    ...cascadeLines(chain('c', 4), { start: '2026-11-20T13:00:00Z' }).reverse(),
    { platform: 'x', id: 'q1', quoteOf: 'c-2', text: 'quote of the chain', author: { id: 'q', handle: 'quoter' }, publishedAt: '2026-11-20T14:00:00Z' },
  ];
  await writeFile(join(dir, 'conv.jsonl'), jsonl(lines));
});
afterAll(() => deletePrefix(prefix));

describe('rykte stories / rykte story', () => {
  it('lists imported conversations as stories, sorted and filtered', async () => {
    expect((await rykte('import', join(dir, 'conv.jsonl'))).stdout).toContain('26 indexed, 0 rejected');
    const bySize = JSON.parse((await rykte('stories', '--sort', 'size', '--json')).stdout);
    expect(bySize.stories.map((s: any) => [s.id, s.size, s.depth, s.maxBreadth, s.trees])).toEqual([
      ['x:b', 15, 3, 8, 1],
      ['x:s', 6, 1, 5, 1],
      ['x:c', 5, 3, 2, 1],
    ]);
    const big = JSON.parse((await rykte('stories', '--min-size', '6', '--sort', 'virality', '--json')).stdout);
    expect(big.stories.map((s: any) => s.id)).toEqual(['x:b', 'x:s']);
    const text = await rykte('stories', '--sort', 'size');
    expect(text.stdout).toMatch(/^story\s+size\s+depth\s+breadth\s+virality\s+velocity/);
    expect(text.stdout).toContain('3 of 3 stories');
    expect((await rykte('stories', '--sort', 'loudness')).stderr).toContain('Expected `--sort` to be one of velocity, size, virality, got `loudness`');
  });

  it('prints a story with every metric and every node parent as JSON', async () => {
    const { code, stdout } = await rykte('story', 'x:b', '--json');
    expect(code).toBe(0);
    const { story, nodes } = JSON.parse(stdout);
    // 15 nodes, W = 8·(1·14) + 4·(3·12) + 2·(7·8) = 368.
    expect(story).toMatchObject({ id: 'x:b', size: 15, depth: 3, maxBreadth: 8, trees: 1, virality: 736 / 210, uniqueAuthors: 15, reach: 1500 });
    expect(nodes).toHaveLength(15);
    expect(nodes.find((n: any) => n.id === 'x:b-14')).toMatchObject({ parentId: 'x:b-6', parentVia: 'reply', inferred: false, depth: 3 });
    const chainStory = JSON.parse((await rykte('story', 'x:c', '--json')).stdout);
    // c → c-1 → c-2 → {c-3, q1}: W = 4 + 4 + 3·2 + 4·1 = 18, ν = 36/20.
    expect(chainStory.story).toMatchObject({ size: 5, depth: 3, maxBreadth: 2, virality: 1.8 });
    expect(chainStory.nodes.map((n: any) => [n.id, n.parentId, n.parentVia, n.depth])).toEqual([
      ['x:c', null, null, 0], ['x:c-1', 'x:c', 'reply', 1], ['x:c-2', 'x:c-1', 'reply', 2], ['x:c-3', 'x:c-2', 'reply', 3], ['x:q1', 'x:c-2', 'quote', 3],
    ]);
  });

  it('prints the cascade as an indented tree and explains an unknown id', async () => {
    const { stdout } = await rykte('story', 'x:c');
    expect(stdout.trimEnd().split('\n').slice(4)).toEqual([
      '2026-11-20 13:00  @hc  post c',
      '  ↳ reply 2026-11-20 13:01  @hc-1  post c-1',
      '    ↳ reply 2026-11-20 13:02  @hc-2  post c-2',
      '      ↳ reply 2026-11-20 13:03  @hc-3  post c-3',
      '      ↳ quote 2026-11-20 14:00  @quoter  quote of the chain',
    ]);
    expect(stdout).toContain('story x:c: post c');
    const missing = await rykte('story', 'x:nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('story: no story `x:nope`');
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { rykte } from '../helpers/cli.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let config: string;
let deadLetters: string;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rykte-errors-'));
  env = await testPipeline({}, dir);
  config = join(dir, 'rykte.yml');
  deadLetters = join(dir, 'dead.jsonl');
  await writeFile(config, `elasticsearch:\n  indexPrefix: ${env.prefix}\n  deadLetterFile: ${deadLetters}\n`);
});
afterAll(() => env.cleanup());

const write = (mentions: Mention[]) => writeMentions(env.client, env.names, mentions, { refresh: true, deadLetterFile: env.pipeline.config.elasticsearch.deadLetterFile });
const count = async () => (await env.client.count({ index: env.names.alias('mentions') })).count;

describe('rykte errors', () => {
  it('lists rejected documents and replays them once the cause is fixed', async () => {
    expect((await write([mention({ nativeId: 'e0' })])).indexed).toBe(1);
    // The month's index turns read-only (as on a full disk): three mentions are rejected.
    const month = env.names.index('mentions', '2026-11-20');
    await env.client.indices.putSettings({ index: month, settings: { 'index.blocks.write': true } });
    const blocked = await write(['e1', 'e2', 'e3'].map((nativeId) => mention({ nativeId })));
    expect(blocked.rejected.map((r) => [r.id, r.status])).toEqual([['x:e1', 403], ['x:e2', 403], ['x:e3', 403]]);
    await env.client.indices.putSettings({ index: month, settings: { 'index.blocks.write': false } });
    // One more rejection whose cause stays: a value the mapping refuses.
    await write([mention({ nativeId: 'e4', author: { followers: 'many' as never } })]);

    const listed = await rykte(config, 'errors', 'list', '--kind', 'rejected', '--json');
    expect(listed.code).toBe(0);
    const { total, records } = JSON.parse(listed.stdout);
    expect(total).toBe(4);
    expect(records.map((r: { documentId: string }) => r.documentId).sort()).toEqual(['x:e1', 'x:e2', 'x:e3', 'x:e4']);
    const table = await rykte(config, 'errors', 'list');
    expect(table.stdout).toMatch(/rejected\s+test\s+x:e4\s+document_parsing_exception\s+-\s+/);
    expect(table.stdout.trim().split('\n').at(-1)).toBe('4 of 4 records');

    expect((await rykte(config, 'errors', 'replay', '--dry-run')).stdout.trim()).toBe('4 rejected documents would be replayed');
    expect(await count()).toBe(1);

    // What the errors index could not take at the time waits in the dead-letter file.
    const at = new Date().toISOString();
    const dead = [
      { '@timestamp': at, kind: 'rejected', stage: 'index', source: 'test', documentId: 'x:e5', errorType: 'cluster_block_exception', message: 'blocked', document: mention({ nativeId: 'e5' }) },
      { '@timestamp': at, kind: 'problem', stage: 'ingest', source: 'feed', where: 'https://example.se/feed', errorType: 'http_503', message: 'down' },
    ];
    await writeFile(deadLetters, `${dead.map((r) => JSON.stringify(r)).join('\n')}\nnot a record\n`);

    const replay = await rykte(config, 'errors', 'replay');
    expect(replay.stdout.trim().split('\n')).toEqual([
      `${deadLetters}: 2 records moved into the errors index, 1 left in the file`,
      'replayed 4 of 5 rejected documents; 1 refused again (document_parsing_exception: 1); see `rykte errors list --kind rejected`',
    ]);
    expect(replay.code).toBe(1);
    expect(await count()).toBe(5);
    expect(await readFile(deadLetters, 'utf8')).toBe('not a record\n');

    // Replayed records are marked and never replayed again; the refused one keeps its new reason.
    const again = await rykte(config, 'errors', 'replay');
    expect(again.stdout.trim().split('\n')).toEqual([
      `${deadLetters}: 0 records moved into the errors index, 1 left in the file`,
      'replayed 0 of 1 rejected documents; 1 refused again (document_parsing_exception: 1); see `rykte errors list --kind rejected`',
    ]);
    expect(await count()).toBe(5);
    const marked = await env.client.search<{ documentId: string; replayedAt?: string; lastReplay?: { errorType: string } }>({ index: env.names.alias('errors'), size: 10, query: { term: { kind: 'rejected' } } });
    const byId = Object.fromEntries(marked.hits.hits.map((h) => [h._source!.documentId, h._source!]));
    expect(['x:e1', 'x:e2', 'x:e3', 'x:e5'].map((id) => typeof byId[id]!.replayedAt)).toEqual(['string', 'string', 'string', 'string']);
    expect(byId['x:e4']).toMatchObject({ lastReplay: { errorType: 'document_parsing_exception' } });
    expect(byId['x:e4']!.replayedAt).toBeUndefined();
  }, 120_000);
});

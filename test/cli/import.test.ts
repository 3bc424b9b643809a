import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, importReport } from '../../cli/commands/import.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-import-cmd-'));
  env = await testPipeline({}, dir);
});
afterAll(() => env.cleanup());

const lines = (prefix: string, n: number) => jsonl(Array.from({ length: n }, (_, i) => importLine({ id: `${prefix}${i + 1}`, text: `rad ${i + 1}` })));
const count = async (prefix: string) => (await env.client.count({ index: env.names.alias('mentions'), query: { prefix: { nativeId: prefix } } })).count;

describe('rykte import', () => {
  it('imports a file past every default limit (100,500 lines, pages of 1,000, 100 pages per run) whole, and says so', async () => {
    const file = join(dir, 'big.jsonl');
    await writeFile(file, lines('big', 100_500));
    const result = await importFile(env.pipeline, file);
    expect([result.indexed, result.rejected, result.problems.length, result.pages, result.limited]).toEqual([100_500, 0, 0, 101, undefined]);
    expect(importReport(file, result)).toEqual([`${file}: 100500 indexed, 0 rejected, 0 bad lines`]);
    expect(await count('big')).toBe(100_500);
  }, 180_000);

  it('takes more pages than maxPagesPerRun in one import (small pages)', async () => {
    const file = join(dir, 'paged.jsonl');
    await writeFile(file, lines('pg', 2_050));
    const result = await importFile(env.pipeline, file, { pageSize: 10 });
    expect([result.indexed, result.pages]).toEqual([2_050, 205]);
    expect(await count('pg')).toBe(2_050);
  });

  it('resumes an interrupted import from the last indexed line, without duplicates; a finished one is not read again', async () => {
    const file = join(dir, 'cut.jsonl');
    await writeFile(file, lines('cut', 5_000));
    const stop = new AbortController();
    let pagesIndexed = 0;
    // Shutdown after the second page is indexed: pages already read are still indexed and committed.
    const config = { ...env.pipeline.config, elasticsearch: { ...env.pipeline.config.elasticsearch, flushBytes: 20_000 } };
    const hooks = { afterIndex: async () => void (++pagesIndexed === 2 && stop.abort()) };
    const interrupted = await importFile({ ...env.pipeline, config, signal: stop.signal, hooks }, file, { pageSize: 50 });
    expect(interrupted.stopped).toBe(true);
    expect(interrupted.indexed).toBeGreaterThanOrEqual(100);
    expect(interrupted.indexed).toBeLessThan(5_000);
    const resumed = await importFile(env.pipeline, file, { pageSize: 50 });
    expect(resumed.indexed).toBe(5_000 - interrupted.indexed);
    expect(importReport(file, resumed)[0]).toBe(`${file}: resumed after line ${interrupted.indexed}: ${5_000 - interrupted.indexed} indexed, 0 rejected, 0 bad lines`);
    expect(await count('cut')).toBe(5_000);
    const again = await importFile(env.pipeline, file, { pageSize: 50 });
    expect(importReport(file, again)).toEqual([`${file}: already imported up to line 5000; nothing new (--from-start reads it again)`]);
    const fromStart = await importFile(env.pipeline, file, { pageSize: 50, fromStart: true });
    expect(fromStart.indexed).toBe(5_000);
    expect(await count('cut')).toBe(5_000);
  });

  it('rejects the one line with an over-long id and indexes the rest of its page', async () => {
    const file = join(dir, 'poison.jsonl');
    await writeFile(file, jsonl([importLine({ id: 'p1' }), importLine({ id: 'p'.repeat(600) }), importLine({ id: 'p3' })]));
    const result = await importFile(env.pipeline, file);
    expect([result.indexed, result.rejected, result.error]).toEqual([2, 1, undefined]);
    expect(importReport(file, result)).toEqual([
      `${file}: 2 indexed, 1 rejected, 0 bad lines`,
      `  rejected: 1 id_too_long (e.g. x:${'p'.repeat(600)}: id is 602 bytes long; Elasticsearch takes at most 512)`,
      '  (each one is in the errors index with its reason)',
    ]);
  });
});

import { appendFile, mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCollector } from '../../ingest/import.ts';
import { logger } from '../../log/logger.ts';
import { assertCollectorCompliance } from '../helpers/collector-compliance.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';
import { drain } from '../helpers/pages.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { runSource, createSource } from '../../ingest/runner.ts';

async function source(content: string, name = 'in.jsonl', extra: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'rykte-import-'));
  await writeFile(join(dir, name), content);
  const config = importCollector.configSchema.parse({ type: 'import', name: 'imp', path: name, ...extra });
  const now = () => new Date('2026-11-23T00:00:00Z');
  return { file: join(dir, name), source: importCollector.create(config, { baseDir: dir, log: logger, now }) };
}

const signal = new AbortController().signal;

describe('import source', () => {
  it('reads JSONL into mentions with deterministic ids and references', async () => {
    const { source: s } = await source(
      jsonl([
        importLine({ id: '1', author: { handle: 'anna', followers: 5 }, text: 'Hej Fjällvind' }),
        importLine({ id: '2', replyTo: '1', quoteOf: { id: '9', authorHandle: 'bo' }, links: ['https://a.se/x'] }),
      ]),
    );
    const page = await s.fetchPage(undefined, signal);
    expect(page.problems).toEqual([]);
    expect(page.done).toBe(true);
    expect(page.mentions.map((m) => m.id)).toEqual(['x:1', 'x:2']);
    expect(page.mentions[0]).toMatchObject({ nativeId: '1', source: 'imp', author: { handle: 'anna', followers: 5 }, text: 'Hej Fjällvind', collectedAt: '2026-11-23T00:00:00.000Z' });
    expect(page.mentions[1]!.references).toEqual({ replyTo: { id: '1' }, quoteOf: { id: '9', authorHandle: 'bo' }, links: ['https://a.se/x'] });
  });

  it('reports bad lines with their line numbers and keeps the rest', async () => {
    const { source: s } = await source(jsonl([importLine({ id: 'a' }), '{"platform": "x", broken', importLine({ id: 'b', publishedAt: 'yesterday' }), '', importLine({ id: 'c' })]));
    const page = await s.fetchPage(undefined, signal);
    expect(page.mentions.map((m) => m.nativeId)).toEqual(['a', 'c']);
    expect(page.problems).toEqual([
      { where: 'in.jsonl:2', errorType: 'parse', message: expect.stringMatching(/^invalid JSON: /) },
      { where: 'in.jsonl:3', errorType: 'validation', message: 'publishedAt: Invalid ISO datetime' },
    ]);
  });

  it('pages by byte offset and resumes from the cursor after an append', async () => {
    const { source: s, file } = await source(jsonl([1, 2, 3, 4, 5].map((i) => importLine({ id: `p${i}` }))), 'in.jsonl', { pageSize: 2 });
    const first = await s.fetchPage(undefined, signal);
    expect(first.mentions.map((m) => m.nativeId)).toEqual(['p1', 'p2']);
    expect(first.done).toBe(false);
    const second = await s.fetchPage(first.cursor, signal);
    const third = await s.fetchPage(second.cursor, signal);
    expect(third.mentions.map((m) => m.nativeId)).toEqual(['p5']);
    expect(third.done).toBe(true);
    await appendFile(file, jsonl([importLine({ id: 'p6' })]));
    const fourth = await s.fetchPage(third.cursor, signal);
    expect(fourth.mentions.map((m) => m.nativeId)).toEqual(['p6']);
    expect(fourth.cursor).toMatchObject({ line: 6 });
  });

  it('reads CSV with the documented columns', async () => {
    const csv = [
      'platform,id,author_handle,author_followers,text,published_at,reply_to,links',
      'x,10,anna,120,"Hej, Fjällvind",2026-11-20T10:00:00Z,,https://a.se/1 https://b.se/2',
      'x,11,bo,3,svar,2026-11-20T11:00:00Z,10,',
      'x,12,bo,3,trasig,inte-ett-datum,,',
    ].join('\n') + '\n';
    const { source: s } = await source(csv, 'in.csv');
    const page = await s.fetchPage(undefined, signal);
    expect(page.mentions.map((m) => m.id)).toEqual(['x:10', 'x:11']);
    expect(page.mentions[0]).toMatchObject({ text: 'Hej, Fjällvind', author: { handle: 'anna', followers: 120 }, references: { links: ['https://a.se/1', 'https://b.se/2'] } });
    expect(page.mentions[1]!.references.replyTo).toEqual({ id: '10' });
    expect(page.problems).toEqual([{ where: 'in.csv:4', errorType: 'validation', message: 'publishedAt: Invalid ISO datetime' }]);
  });

  it('passes the collector compliance checks', async () => {
    const { file } = await source(jsonl([...[1, 2, 3].map((i) => importLine({ id: `k${i}` })), '{broken']), 'in.jsonl');
    const result = await assertCollectorCompliance({
      collector: importCollector,
      config: { type: 'import', name: 'imp', path: 'in.jsonl', pageSize: 2 },
      ctx: { baseDir: dirname(file) },
      minMentions: 3,
      between: () => appendFile(file, jsonl([importLine({ id: 'k4' })])),
    });
    expect(result.pages.map((p) => p.mentions.length)).toEqual([2, 1]);
    expect(result.pages[1]!.problems).toEqual([{ where: 'in.jsonl:4', errorType: 'parse', message: expect.stringMatching(/^invalid JSON/) }]);
    expect(result.second.flatMap((p) => p.mentions.map((m) => m.id))).toEqual(['x:k4']);
  });

  it('accepts a UTF-8 byte-order mark before the first line', async () => {
    const { source: s } = await source('\uFEFF' + jsonl([importLine({ id: 'bom1' }), importLine({ id: 'bom2' })]));
    const csv = await source('\uFEFFplatform,id,published_at\nx,bom3,2026-11-20T10:00:00Z\n', 'in.csv');
    expect((await drain(s)).mentions.map((m) => m.id)).toEqual(['x:bom1', 'x:bom2']);
    expect((await drain(csv.source)).mentions.map((m) => m.id)).toEqual(['x:bom3']);
  });

  it('refuses ids that are not strings or numbers instead of collapsing them into `x:null`', async () => {
    const lines = [
      { ...importLine(), id: null },
      { ...importLine(), id: { n: 1 } },
      { ...importLine(), id: true },
      { ...importLine(), id: '  ' },
      importLine({ id: 'ok', replyTo: { id: null as never } }),
      { ...importLine(), id: 42 },
    ];
    const { problems, mentions } = await drain((await source(jsonl(lines))).source);
    expect(mentions.map((m) => m.id)).toEqual(['x:42']);
    expect(problems).toEqual([
      { where: 'in.jsonl:1', errorType: 'validation', message: 'id: expected a string or number id, got null' },
      { where: 'in.jsonl:2', errorType: 'validation', message: 'id: expected a string or number id, got object' },
      { where: 'in.jsonl:3', errorType: 'validation', message: 'id: expected a string or number id, got boolean' },
      { where: 'in.jsonl:4', errorType: 'validation', message: 'id: expected a non-empty id' },
      { where: 'in.jsonl:5', errorType: 'validation', message: expect.stringMatching(/^replyTo/) },
    ]);
  });

  it('refuses dates before `earliest` or over a day ahead', async () => {
    const lines = ['0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '1989-12-31T23:59:59Z', '2026-11-24T01:00:00Z', '1990-01-01T00:00:00Z', '2026-11-23T12:00:00Z'].map((publishedAt, i) => importLine({ id: `d${i}`, publishedAt }));
    const { problems, mentions } = await drain((await source(jsonl(lines))).source);
    expect(mentions.map((m) => m.nativeId)).toEqual(['d4', 'd5']);
    expect(problems.map((p) => [p.where, p.message])).toEqual([
      ['in.jsonl:1', 'publishedAt: 0001-01-01T00:00:00Z is before 1990-01-01 (the source\'s `earliest`)'],
      ['in.jsonl:2', 'publishedAt: 9999-12-31T00:00:00Z is more than a day in the future'],
      ['in.jsonl:3', 'publishedAt: 1989-12-31T23:59:59Z is before 1990-01-01 (the source\'s `earliest`)'],
      ['in.jsonl:4', 'publishedAt: 2026-11-24T01:00:00Z is more than a day in the future'],
    ]);
    const older = await source(jsonl([importLine({ id: 'old', publishedAt: '1985-06-01T00:00:00Z' })]), 'in.jsonl', { earliest: '1980-01-01' });
    expect((await drain(older.source)).mentions.map((m) => m.nativeId)).toEqual(['old']);
  });

  it('leaves a half-written last line until its newline comes', async () => {
    const whole = jsonl([importLine({ id: 'h1' })]);
    const rest = JSON.stringify(importLine({ id: 'h2' }));
    const { source: s, file } = await source(whole + rest.slice(0, 20));
    const first = await drain(s);
    expect([first.mentions.map((m) => m.nativeId), first.problems]).toEqual([['h1'], []]);
    await appendFile(file, `${rest.slice(20)}\n`);
    const second = await drain(s, first.cursor);
    expect([second.mentions.map((m) => m.nativeId), second.problems]).toEqual([['h2'], []]);
    expect(second.cursor).toMatchObject({ line: 2 });
  });

  it('waits for the newline of a CSV row too, and reads it when told the file is complete', async () => {
    const { source: s, file } = await source('platform,id,published_at\nx,c1,2026-11-20T10:00:00Z\nx,c2,2026-11-2', 'in.csv');
    const first = await drain(s);
    expect(first.mentions.map((m) => m.nativeId)).toEqual(['c1']);
    await appendFile(file, '0T10:00:00Z\n');
    expect((await drain(s, first.cursor)).mentions.map((m) => m.nativeId)).toEqual(['c2']);
    const complete = await source('platform,id,published_at\nx,c3,2026-11-20T10:00:00Z', 'in.csv', { waitForNewline: false });
    expect((await drain(complete.source)).mentions.map((m) => m.nativeId)).toEqual(['c3']);
  });

  it('starts over, and says so, when the file was replaced by a longer one', async () => {
    const { source: s, file } = await source(jsonl([importLine({ id: 'r1' }), importLine({ id: 'r2' })]));
    const first = await drain(s);
    // Copied over in place (same inode), a longer file: only the first bytes tell.
    await writeFile(file, jsonl(['n1', 'n2', 'n3'].map((id) => importLine({ id }))));
    const copied = await drain(s, first.cursor);
    expect(copied.mentions.map((m) => m.nativeId)).toEqual(['n1', 'n2', 'n3']);
    expect(copied.problems).toEqual([{ where: 'in.jsonl', errorType: 'rotated', message: 'import collector: the file was replaced (its first bytes changed); reading it again from the start' }]);
    // Renamed into place (new inode), same first bytes.
    const next = join(dirname(file), 'next.jsonl');
    await writeFile(next, jsonl(['n1', 'n2', 'n3', 'n4'].map((id) => importLine({ id }))));
    await rename(next, file);
    const renamed = await drain(s, copied.cursor);
    expect(renamed.mentions.map((m) => m.nativeId)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(renamed.problems[0]!.message).toContain('device or inode changed');
    // Truncated below the read position.
    await writeFile(file, jsonl([importLine({ id: 't1' })]));
    const truncated = await drain(s, renamed.cursor);
    expect(truncated.mentions.map((m) => m.nativeId)).toEqual(['t1']);
    expect(truncated.problems[0]!.message).toMatch(/shrank to \d+ bytes, below the read position \d+|first bytes changed/);
    // Unchanged file, appended: no rotation.
    await appendFile(file, jsonl([importLine({ id: 't2' })]));
    const appended = await drain(s, truncated.cursor);
    expect([appended.mentions.map((m) => m.nativeId), appended.problems]).toEqual([['t2'], []]);
  });
});

describe('import source against Elasticsearch', () => {
  let env: Awaited<ReturnType<typeof testPipeline>>;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rykte-import-es-'));
    env = await testPipeline({}, dir);
  });
  afterAll(() => env.cleanup());

  async function run(name: string, content: string, extra: Record<string, unknown> = {}) {
    await writeFile(join(dir, name), content);
    const config = importCollector.configSchema.parse({ type: 'import', name, path: name, ...extra });
    return runSource(env.pipeline, config, createSource(env.pipeline, config as never));
  }
  const count = async (source: string) => (await env.client.count({ index: env.names.alias('mentions'), query: { term: { source } } })).count;

  it('imports every good CSV row around a bare quote and a quote never closed', async () => {
    const rows = ['platform,id,text,published_at'];
    for (let i = 1; i <= 2491; i++) {
      rows.push(`x,g${i},"rad ${i}, med komma",2026-11-20T10:00:00Z`);
      if (i === 996) rows.push('x,bad1,He said "hi there,2026-11-20T10:00:00Z');
      if (i === 1500) rows.push('x,bad2,"never closed,2026-11-20T10:00:00Z');
    }
    rows.push('x,multi,"två\nrader",2026-11-20T10:00:00Z');
    const result = await run('big.csv', rows.join('\n') + '\n');
    expect(result.error).toBeUndefined();
    expect(result.indexed).toBe(2492);
    expect(await count('big.csv')).toBe(2492);
    expect(result.problems.map((p) => [p.where, p.errorType])).toEqual([
      ['big.csv:998', 'parse'],
      ['big.csv:1503', 'parse'],
    ]);
    expect(result.problems[0]!.message).toMatch(/^invalid CSV row: Invalid Opening Quote/);
    const multi = await env.client.get<{ text: string }>({ index: env.names.index('mentions', '2026-11-20'), id: 'x:multi' });
    expect(multi._source!.text).toBe('två\nrader');
  });

  it('tails a file through the runner: a half-written line waits, a replaced file is read again and the replacement reported', async () => {
    const rest = JSON.stringify(importLine({ id: 't2' }));
    const first = await run('tail.jsonl', jsonl([importLine({ id: 't1' })]) + rest.slice(0, 15), { pageSize: 10 });
    expect([first.indexed, first.problems]).toEqual([1, []]);
    await appendFile(join(dir, 'tail.jsonl'), `${rest.slice(15)}\n`);
    const config = importCollector.configSchema.parse({ type: 'import', name: 'tail.jsonl', path: 'tail.jsonl' });
    const again = () => runSource(env.pipeline, config, createSource(env.pipeline, config as never));
    expect([(await again()).indexed, await count('tail.jsonl')]).toEqual([1, 2]);
    // Replaced by a longer file under a new inode: everything in it is read, and that is said.
    await writeFile(join(dir, 'tail.next'), jsonl(['n1', 'n2', 'n3'].map((id) => importLine({ id }))));
    await rename(join(dir, 'tail.next'), join(dir, 'tail.jsonl'));
    const replaced = await again();
    expect([replaced.indexed, replaced.problems.map((p) => p.errorType)]).toEqual([3, ['rotated']]);
    expect(await count('tail.jsonl')).toBe(5);
    const reported = await env.client.search({ index: env.names.alias('errors'), query: { term: { errorType: 'rotated' } } });
    expect(reported.hits.hits.map((h) => (h._source as { where: string }).where)).toEqual(['tail.jsonl']);
  });

  it('creates no monthly index for junk dates', async () => {
    const lines = ['0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '2026-11-20T10:00:00Z'].map((publishedAt, i) => importLine({ id: `j${i}`, publishedAt }));
    const result = await run('dates.jsonl', jsonl(lines));
    expect([result.indexed, result.problems.length]).toEqual([1, 2]);
    const indices = (await env.client.cat.indices({ index: `${env.prefix}-mentions-*`, h: 'index', format: 'json' })).map((i) => i.index).sort();
    expect(indices).toEqual([env.names.index('mentions', '2026-11-20')]);
  });
});

import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCollector } from '../../ingest/import.ts';
import { logger } from '../../log/logger.ts';
import { assertCollectorCompliance } from '../helpers/collector-compliance.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';

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
    ].join('\n');
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
});

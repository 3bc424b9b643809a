import { open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Collector, Cursor, Page } from './collector.ts';
import { sourceBase } from './source-config.ts';
import { csvRow, readCsvRows, readHeader } from './import-csv.ts';
import { endPosition, readLines, startPosition, wholeLinesEnd, type FilePosition } from './file-tail.ts';
import { importLineSchema, toMention, zodMessage } from './import-line.ts';

export { importLine, toMention, type ImportLine } from './import-line.ts';

/**
 * The `import` source: mentions from JSONL or CSV files written by other tools or exported
 * conversations. One line, one mention; a bad line is reported with its number and skipped.
 * The file is tailed: appended lines are read on the next run, a line still being written
 * waits for its newline, and a replaced file is read again from its start (reported).
 */
export const importConfig = sourceBase.extend({
  type: z.literal('import'),
  /** JSONL (`.jsonl`, `.ndjson`) or CSV (`.csv`) file, relative to the config file. @example ./demo/mentions.jsonl */
  path: z.string().min(1),
  /** Force the format instead of guessing from the extension. */
  format: z.enum(['jsonl', 'csv']).optional(),
  /** Lines per page: the unit the runner indexes before committing the cursor. @default 1000 */
  pageSize: z.number().int().min(1).max(100_000).default(1000),
  /** Mentions published before this date are refused as bad lines (and so are those over a day ahead). @default 1990-01-01 */
  earliest: z.iso.date().default('1990-01-01'),
  /**
   * Leave a last line without its newline for the next read (the writer may not have finished
   * it). `rykte import` turns this off: its files are complete. @default true
   */
  waitForNewline: z.boolean().default(true),
});
export type ImportConfig = z.infer<typeof importConfig>;

export const importCollector: Collector<ImportConfig> = {
  name: 'import',
  configSchema: importConfig,
  create(config, ctx) {
    const path = resolve(ctx.baseDir, config.path);
    const format = config.format ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
    const where = (line: number) => `${config.path}:${line}`;
    const schema = importLineSchema(config.earliest, ctx.now);

    /** One line or row into the page; `collectedAt`: when the page was read. */
    function read(raw: unknown, line: number, out: Page, collectedAt: string) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        out.problems.push({ where: where(line), errorType: 'validation', message: zodMessage(parsed.error) });
      } else {
        out.mentions.push(toMention(parsed.data, config.name, collectedAt));
      }
    }

    async function readCsv(file: FileHandle, start: FilePosition, page: Page, collectedAt: string) {
      const size = (await file.stat()).size;
      const end = config.waitForNewline ? await wholeLinesEnd(file, size) : size;
      const header = await readHeader(path, end);
      if (!header) return { offset: 0, line: 0, eof: true };
      const from = start.offset === 0 ? { offset: header.offset, line: 1 } : start;
      const { items, offset, line } = await readCsvRows(file, { path, offset: from.offset, line: from.line, end }, header.columns, config.pageSize);
      for (const item of items) {
        if ('error' in item) page.problems.push({ where: where(item.line), errorType: 'parse', message: `invalid CSV row: ${item.error}` });
        else read(csvRow(item.row), item.line, page, collectedAt);
      }
      return { offset, line, eof: offset >= end };
    }

    async function readJsonl(file: FileHandle, start: FilePosition, page: Page, collectedAt: string) {
      const { lines, offset, eof } = await readLines(file, start.offset, config.pageSize, !config.waitForNewline);
      lines.forEach((text, i) => {
        const line = start.line + i + 1;
        // A UTF-8 byte-order mark (Windows tools write one) is not part of the first line.
        if (line === 1) text = text.replace(/^\uFEFF/, '');
        if (text.trim() === '') return;
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (error) {
          page.problems.push({ where: where(line), errorType: 'parse', message: `invalid JSON: ${(error as Error).message}` });
          return;
        }
        read(raw, line, page, collectedAt);
      });
      return { offset, line: start.line + lines.length, eof };
    }

    return {
      async fetchPage(cursor: Cursor | undefined): Promise<Page> {
        const file = await open(path, 'r');
        try {
          const page: Page = { mentions: [], problems: [], cursor: undefined, done: true };
          const { start, rotated } = await startPosition(file, cursor as Partial<FilePosition> | undefined);
          if (rotated) page.problems.push({ where: config.path, errorType: 'rotated', message: `import collector: the file was replaced (${rotated}); reading it again from the start` });
          const collectedAt = ctx.now().toISOString();
          const read = format === 'csv' ? await readCsv(file, start, page, collectedAt) : await readJsonl(file, start, page, collectedAt);
          page.cursor = { ...(await endPosition(file, read.offset, read.line)) } as Cursor;
          page.done = read.eof;
          return page;
        } finally {
          await file.close();
        }
      },
    };
  },
};

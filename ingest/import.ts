import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import type { Collector, Cursor, Page, Problem } from './collector.ts';
import { sourceBase } from './source-config.ts';
import { mentionId, type Mention } from '../model/mention.ts';

/**
 * The `import` source: mentions from JSONL or CSV files written by other tools or exported
 * conversations. One line, one mention; a bad line is reported with its number and skipped.
 * Format documented in the README ("Import format").
 */
export const importConfig = sourceBase.extend({
  type: z.literal('import'),
  /** JSONL (`.jsonl`, `.ndjson`) or CSV (`.csv`) file, relative to the config file. @example ./demo/mentions.jsonl */
  path: z.string().min(1),
  /** Force the format instead of guessing from the extension. */
  format: z.enum(['jsonl', 'csv']).optional(),
  /** Lines per page: the unit the runner indexes before committing the cursor. @default 1000 */
  pageSize: z.number().int().min(1).max(100_000).default(1000),
});
export type ImportConfig = z.infer<typeof importConfig>;

const ref = z.union([
  z.string().min(1).transform((id) => ({ id })),
  z.object({ id: z.coerce.string().min(1), authorId: z.coerce.string().optional(), authorHandle: z.string().optional() }),
]);

/** One line of the import format. Unknown fields are ignored so other tools' exports load. */
export const importLine = z.object({
  platform: z.string().min(1),
  id: z.coerce.string().min(1),
  url: z.string().optional(),
  author: z
    .object({
      id: z.coerce.string().optional(),
      handle: z.string().optional(),
      name: z.string().optional(),
      followers: z.coerce.number().int().min(0).optional(),
      url: z.string().optional(),
    })
    .default({}),
  title: z.string().optional(),
  text: z.string().default(''),
  language: z.string().optional(),
  publishedAt: z.iso.datetime({ offset: true }),
  replyTo: ref.optional(),
  quoteOf: ref.optional(),
  repostOf: ref.optional(),
  links: z.array(z.string()).optional(),
  mentions: z.array(z.string()).optional(),
});
export type ImportLine = z.input<typeof importLine>;

export function toMention(line: z.infer<typeof importLine>, source: string, collectedAt: string): Mention {
  const { replyTo, quoteOf, repostOf, links, mentions, id, ...rest } = line;
  return {
    ...rest,
    id: mentionId(line.platform, id),
    nativeId: id,
    source,
    publishedAt: new Date(line.publishedAt).toISOString(),
    collectedAt,
    references: { replyTo, quoteOf, repostOf, links, mentions },
    enrichment: {},
  };
}

function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
}

/** Read up to `max` lines from byte `offset`; returns the byte offset after the last whole line. */
async function readLines(path: string, offset: number, max: number) {
  const file = await open(path, 'r');
  try {
    const lines: string[] = [];
    const buffer = Buffer.alloc(64 * 1024);
    let pending = Buffer.alloc(0);
    let position = offset;
    let consumed = offset;
    let eof = false;
    while (lines.length < max) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) {
        eof = true;
        if (pending.length > 0) {
          lines.push(pending.toString('utf8'));
          consumed += pending.length;
        }
        break;
      }
      position += bytesRead;
      let chunk = Buffer.concat([pending, buffer.subarray(0, bytesRead)]);
      let nl: number;
      while (lines.length < max && (nl = chunk.indexOf(0x0a)) !== -1) {
        lines.push(chunk.subarray(0, nl).toString('utf8').replace(/\r$/, ''));
        consumed += nl + 1;
        chunk = chunk.subarray(nl + 1);
      }
      pending = Buffer.from(chunk);
    }
    if (!eof) eof = consumed >= (await file.stat()).size;
    return { lines, offset: consumed, eof };
  } finally {
    await file.close();
  }
}

const csvColumns: Record<string, string> = {
  author_id: 'author.id', author_handle: 'author.handle', author_name: 'author.name',
  author_followers: 'author.followers', author_url: 'author.url', published_at: 'publishedAt',
  reply_to: 'replyTo.id', reply_to_author: 'replyTo.authorHandle', quote_of: 'quoteOf.id',
  quote_of_author: 'quoteOf.authorHandle', repost_of: 'repostOf.id', repost_of_author: 'repostOf.authorHandle',
};

/** A CSV row (header names as in the README) to the JSONL shape; empty cells are absent. */
function csvRow(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === '') continue;
    const path = (csvColumns[column] ?? column).split('.');
    if (path[0] === 'links' || path[0] === 'mentions') out[path[0]] = value.split(/\s+/);
    else if (path.length === 2) (out[path[0]!] ??= {})[path[1]!] = value;
    else out[path[0]!] = value;
  }
  return out;
}

async function readCsv(path: string, fromRecord: number, max: number) {
  const rows: { line: number; row: Record<string, string> }[] = [];
  const parser = createReadStream(path).pipe(
    parseCsv({ columns: true, bom: true, trim: true, info: true, from: fromRecord + 1, to: fromRecord + max, relax_column_count: true }),
  );
  for await (const { record, info } of parser) rows.push({ line: info.lines, row: record });
  return rows;
}

export const importCollector: Collector<ImportConfig> = {
  name: 'import',
  configSchema: importConfig,
  create(config, ctx) {
    const path = resolve(ctx.baseDir, config.path);
    const format = config.format ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
    const where = (line: number) => `${config.path}:${line}`;

    function read(raw: unknown, line: number, out: Page) {
      const parsed = importLine.safeParse(raw);
      if (!parsed.success) {
        out.problems.push({ where: where(line), errorType: 'validation', message: zodMessage(parsed.error) });
      } else {
        out.mentions.push(toMention(parsed.data, config.name, ctx.now().toISOString()));
      }
    }

    return {
      async fetchPage(cursor: Cursor | undefined): Promise<Page> {
        const size = (await stat(path)).size;
        // A file that shrank was replaced: start over (ids are deterministic, so no duplicates).
        const start = cursor && Number(cursor.size) <= size ? cursor : { offset: 0, line: 0, size: 0 };
        const page: Page = { mentions: [], problems: [] as Problem[], cursor: undefined, done: true };
        if (format === 'csv') {
          const rows = await readCsv(path, Number(start.line), config.pageSize);
          for (const { line, row } of rows) read(csvRow(row), line, page);
          page.cursor = { line: Number(start.line) + rows.length, size };
          page.done = rows.length < config.pageSize;
          return page;
        }
        const { lines, offset, eof } = await readLines(path, Number(start.offset), config.pageSize);
        lines.forEach((text, i) => {
          const line = Number(start.line) + i + 1;
          if (text.trim() === '') return;
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch (error) {
            page.problems.push({ where: where(line), errorType: 'parse', message: `invalid JSON: ${(error as Error).message}` });
            return;
          }
          read(raw, line, page);
        });
        page.cursor = { offset, line: Number(start.line) + lines.length, size };
        page.done = eof;
        return page;
      },
    };
  },
};

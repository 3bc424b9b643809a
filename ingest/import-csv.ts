import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse';

/**
 * CSV rows of the import format, read from a byte offset so a page costs what it reads, not
 * the whole file before it. A malformed row (a bare quote, a quote never closed) is one bad
 * row with its line number: parsing starts again on the line after it, so a stray quote
 * never swallows the rows that follow it.
 */

const csvColumns: Record<string, string> = {
  author_id: 'author.id', author_handle: 'author.handle', author_name: 'author.name',
  author_followers: 'author.followers', author_url: 'author.url', published_at: 'publishedAt',
  reply_to: 'replyTo.id', reply_to_author: 'replyTo.authorHandle', quote_of: 'quoteOf.id',
  quote_of_author: 'quoteOf.authorHandle', repost_of: 'repostOf.id', repost_of_author: 'repostOf.authorHandle',
};

/** A CSV row (header names as in the README) to the JSONL shape; empty cells are absent. */
export function csvRow(row: Record<string, string>): Record<string, unknown> {
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

export type CsvItem = { line: number; row: Record<string, string> } | { line: number; error: string };

interface Range {
  path: string;
  /** Byte offset to start at, and the line number of the line before it. */
  offset: number;
  line: number;
  /** Byte offset to stop at (exclusive): the end of the last whole line. */
  end: number;
}

/** The header row (column names) and the byte offset after it; undefined while it is incomplete. */
export async function readHeader(path: string, end: number): Promise<{ columns: string[]; offset: number } | undefined> {
  if (end === 0) return undefined;
  const parser = createReadStream(path, { end: end - 1 }).pipe(parseCsv({ bom: true, trim: true, info: true, to: 1 }));
  for await (const { record, info } of parser) return { columns: record as string[], offset: info.bytes };
  return undefined;
}

/**
 * One run of the parser from `range.offset` until `max` items, the end, or a malformed row.
 * csv-parse skips a bad record and goes on (`on_skip`), but its idea of where that record ends
 * can swallow good rows after an unclosed quote; so the run stops at the first bad record and
 * the caller restarts on the line after the one it began on.
 */
async function parseFrom(range: Range, columns: string[], max: number, items: CsvItem[]) {
  let offset = range.offset;
  let line = range.line;
  const bad: { records?: number; message?: string } = {};
  if (offset >= range.end) return { offset, line, failed: undefined };
  const parser = createReadStream(range.path, { start: offset, end: range.end - 1 }).pipe(
    parseCsv({
      columns,
      trim: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (bad.message !== undefined) return;
        bad.records = Number(error?.records ?? 0);
        // Its line numbers count from where this run started: the caller says the file's own.
        bad.message = (error?.message ?? 'malformed row').replace(/ at line \d+/, '');
      },
    }),
  );
  try {
    for await (const { record, info } of parser) {
      // Records are parsed in order, so one counted past the bad record comes after it.
      if (bad.records !== undefined && info.records > bad.records) break;
      items.push({ line: range.line + info.lines, row: record });
      offset = range.offset + info.bytes;
      line = range.line + info.lines;
      // Full: a bad record the parser already saw further on is met again by the next page.
      if (items.length >= max) return { offset, line, failed: undefined };
    }
  } finally {
    parser.destroy();
  }
  return { offset, line, failed: bad.message };
}

/** Up to `max` rows and bad rows from `range.offset`; returns where the next read starts. */
export async function readCsvRows(file: FileHandle, range: Range, columns: string[], max: number) {
  const items: CsvItem[] = [];
  let { offset, line } = range;
  while (items.length < max && offset < range.end) {
    const run = await parseFrom({ ...range, offset, line }, columns, max, items);
    ({ offset, line } = run);
    if (run.failed === undefined) break;
    // The bad row starts on the line after the last good one: report that line, skip past it.
    const next = await lineEnd(file, offset, range.end);
    items.push({ line: line + 1, error: run.failed });
    offset = next;
    line += 1;
  }
  return { items, offset, line };
}

/** Byte offset after the newline that ends the line starting at `offset`. */
async function lineEnd(file: FileHandle, offset: number, end: number): Promise<number> {
  const buffer = Buffer.alloc(16 * 1024);
  for (let at = offset; at < end; at += buffer.length) {
    const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, end - at), at);
    const nl = buffer.subarray(0, bytesRead).indexOf(0x0a);
    if (nl !== -1) return at + nl + 1;
    if (bytesRead === 0) break;
  }
  return end;
}

import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { importCollector } from '../../ingest/import.ts';
import { createSource, refreshWritten, runSource } from '../../ingest/runner.ts';
import type { Pipeline, RunResult } from '../../ingest/pipeline.ts';
import { ensureSetup } from '../../index/access.ts';
import { configPath, openPipeline } from '../context.ts';

export interface ImportOptions {
  format?: 'jsonl' | 'csv';
  /** Ignore the stored cursor and read the file from its first line again. */
  fromStart?: boolean;
  /** Lines per page (the import source's `pageSize`). @default 1000 */
  pageSize?: number;
}

/**
 * Import one whole file, however long: no per-run page limit. Its cursor is kept under the
 * file's resolved path and committed as pages are indexed, so an interrupted import resumes
 * where Elasticsearch last acknowledged, and a finished one is not read again (ids are
 * stable: reading again never duplicates, it only costs time).
 */
export function importFile(pipeline: Pipeline, file: string, options: ImportOptions = {}): Promise<RunResult> {
  const path = resolve(file);
  const name = `import.${basename(file).replace(/[^A-Za-z0-9_.-]/g, '_')}`;
  const config = importCollector.configSchema.parse({ type: 'import', name, path, format: options.format, pageSize: options.pageSize, waitForNewline: false });
  return runSource(pipeline, config, createSource(pipeline, config), { cursorKey: `import:${path}`, health: false, maxPages: Infinity, fromStart: options.fromStart });
}

/** Count by kind, with the first message of each: "2 id_too_long (e.g. x:a: id is 600 bytes ...)". */
function byKind(kinds: Record<string, { count: number; example: string }>): string {
  return Object.entries(kinds).map(([kind, k]) => `${k.count} ${kind} (e.g. ${k.example})`).join('; ');
}

/** ", 3 of erased authors left out" when a run left posts of erased authors (`rykte forget`) out. */
export function erasedNote(r: RunResult): string {
  return r.erased ? `, ${r.erased} of erased authors left out` : '';
}

/** What `rykte import` prints for one file: the counts, then what was not indexed and why. */
export function importReport(file: string, r: RunResult): string[] {
  const line = Number(r.startCursor?.line ?? 0);
  if (line > 0 && r.pages <= 1 && r.collected === 0 && !r.erased && r.problems.length === 0 && !r.error) {
    return [`${file}: already imported up to line ${line}; nothing new (--from-start reads it again)`];
  }
  const lines = [`${file}: ${line > 0 ? `resumed after line ${line}: ` : ''}${r.indexed} indexed, ${r.rejected} rejected, ${r.problems.length} bad lines${erasedNote(r)}${r.error ? `; stopped: ${r.error}` : ''}`];
  if (r.rejectedBy) lines.push(`  rejected: ${byKind(r.rejectedBy)}`);
  if (r.problems.length) {
    const problems: Record<string, { count: number; example: string }> = {};
    for (const p of r.problems) (problems[p.errorType] ??= { count: 0, example: `${p.where}: ${p.message}` }).count++;
    lines.push(`  bad lines: ${byKind(problems)}`);
  }
  if (r.rejected || r.problems.length) lines.push('  (each one is in the errors index with its reason)');
  if (r.error) lines.push('  run the same command again to continue from the last indexed line');
  return lines;
}

export function register(program: Command) {
  program
    .command('import')
    .description('index mentions from JSONL or CSV files of any size (format: README "Import format"); resumes an interrupted import, never duplicates')
    .argument('<files...>', 'JSONL (.jsonl/.ndjson) or CSV (.csv) files')
    .option('--format <format>', 'jsonl or csv (default: from the file extension)')
    .option('--from-start', 'read files from the first line again, even if imported before')
    .action(async (files: string[], opts: ImportOptions, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      let failed = false;
      try {
        await ensureSetup(pipeline.client, pipeline.names);
        for (const file of files) {
          const result = await importFile(pipeline, file, opts);
          for (const line of importReport(file, result)) console.log(line);
          failed ||= !!result.error || result.rejected > 0 || result.problems.length > 0;
        }
        // Once, at the end: refreshing while loading costs segments and time.
        await refreshWritten(pipeline);
      } finally {
        await pipeline.close();
      }
      if (failed) process.exitCode = 1;
    });
}

import type { Command } from 'commander';
import { refreshWritten, runOnce } from '../../ingest/runner.ts';
import type { RunResult } from '../../ingest/pipeline.ts';
import { ensureSetup } from '../../index/access.ts';
import { configPath, openPipeline } from '../context.ts';
import { erasedNote } from './import.ts';

/** What `rykte once` prints for one source: counts, failed parts, a per-run limit, the failure. */
export function runReport(r: RunResult): string {
  const failed = r.failed?.length ? `; ${r.failed.length} feed(s) failed: ${r.failed.join(', ')}` : '';
  const limited = r.limited ? `; stopped after ${r.limited.pages} pages (${r.limited.reason}); the next run continues from there` : '';
  return `${r.source}: ${r.indexed} indexed, ${r.rejected} rejected, ${r.problems.length} problems${erasedNote(r)}${failed}${limited}${r.error ? `; failed: ${r.error}` : ''}`;
}

export function register(program: Command) {
  program
    .command('once')
    .description('run every enabled source once (from its stored cursor, up to its maxPagesPerRun), then exit')
    .action(async (_opts, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        await ensureSetup(pipeline.client, pipeline.names);
        const results = await runOnce(pipeline);
        for (const r of results) console.log(runReport(r));
        await refreshWritten(pipeline);
        // Non-zero also when only some feeds of a source failed, so scripts can tell.
        if (results.some((r) => r.error || r.failed?.length)) process.exitCode = 1;
      } finally {
        await pipeline.close();
      }
    });
}

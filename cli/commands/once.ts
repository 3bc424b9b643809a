import type { Command } from 'commander';
import { runOnce } from '../../ingest/runner.ts';
import { ensureSetup } from '../../index/access.ts';
import { configPath, openPipeline } from '../context.ts';

export function register(program: Command) {
  program
    .command('once')
    .description('run every enabled source once (from its stored cursor), then exit')
    .action(async (_opts, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        await ensureSetup(pipeline.client, pipeline.names);
        const results = await runOnce(pipeline);
        for (const r of results) {
          const failed = r.failed?.length ? `; ${r.failed.length} feed(s) failed: ${r.failed.join(', ')}` : '';
          console.log(`${r.source}: ${r.indexed} indexed, ${r.rejected} rejected, ${r.problems.length} problems${failed}${r.limit ? `; ${r.limit}` : ''}${r.error ? `; failed: ${r.error}` : ''}`);
        }
        // Non-zero also when only some feeds of a source failed, so scripts can tell.
        if (results.some((r) => r.error || r.failed?.length)) process.exitCode = 1;
      } finally {
        await pipeline.close();
      }
    });
}

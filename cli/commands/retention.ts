import type { Command } from 'commander';
import { applyRetention } from '../../index/retention.ts';
import { configPath, openPipeline } from '../context.ts';

export function register(program: Command) {
  program
    .command('retention')
    .description('delete monthly mention indices (and their stories) older than retention.months; `rykte run` does it daily')
    .option('--dry-run', 'list what would be deleted; delete nothing')
    .action(async (opts: { dryRun?: boolean }, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const months = pipeline.config.retention.months;
        if (!months) return console.log('retention.months is not set: mentions are kept for ever; nothing deleted');
        const r = await applyRetention(pipeline.client, pipeline.names, months, { dryRun: opts.dryRun });
        const verb = opts.dryRun ? 'would delete' : 'deleted';
        console.log(`retention ${months} months: keeping mentions from ${r.keepFrom.slice(0, 10)}; ${verb} ${r.indices.length} indices${r.indices.length ? ` (${r.indices.join(', ')})` : ''} and ${r.stories} stories`);
      } finally {
        await pipeline.close();
      }
    });
}

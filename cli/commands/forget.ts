import type { Command } from 'commander';
import { forgetAuthor } from '../../index/forget.ts';
import { configPath, openPipeline } from '../context.ts';

export function register(program: Command) {
  program
    .command('forget')
    .description("erase an author's mentions: delete them, rebuild the stories they were in, take them out of alert evidence and the errors index")
    .requiredOption('--author <author>', 'platform:id (e.g. x:2244994945, bluesky:did:plc:…) or a handle on any platform (e.g. @anna)')
    .option('--dry-run', 'count what would be erased; change nothing')
    .action(async (opts: { author: string; dryRun?: boolean }, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const r = await forgetAuthor(pipeline.client, pipeline.names, pipeline.config.stories, opts.author, { dryRun: opts.dryRun });
        if (opts.dryRun) {
          console.log(`${opts.author}: would erase ${r.mentions} mentions, rebuild ${r.storiesRebuilt} stories, delete ${r.errorRecords} error records, clean ${r.alerts} alerts' evidence`);
          return;
        }
        console.log(`${opts.author}: erased ${r.mentions} mentions; stories: ${r.storiesRebuilt} rebuilt, ${r.storiesDeleted} deleted; ${r.errorRecords} error records deleted; ${r.alerts} alerts' evidence cleaned`);
        if (r.mentions === 0) console.log('(no mentions by that author: check the platform:id or handle)');
        // Copies outside Elasticsearch are the operator's: say where they may be.
        console.log(`not touched: source files, the dead-letter file (${pipeline.config.elasticsearch.deadLetterFile}) and stream spools`);
      } finally {
        await pipeline.close();
      }
    });
}

import type { Command } from 'commander';
import { liftErased, listErased } from '../../index/erased.ts';
import { forgetAuthor } from '../../index/forget.ts';
import { configPath, openPipeline } from '../context.ts';

interface ForgetOptions {
  author?: string;
  dryRun?: boolean;
  list?: boolean;
  lift?: string;
}

export function register(program: Command) {
  program
    .command('forget')
    .description("erase an author's mentions: delete them, rebuild the stories they were in, take them out of alert evidence and the errors index, and leave their posts out from then on")
    .option('--author <author>', 'platform:id (e.g. x:2244994945, bluesky:did:plc:…) or a handle on any platform (e.g. @anna)')
    .option('--dry-run', 'count what would be erased; change nothing')
    .option('--list', 'list the erased authors whose posts are left out')
    .option('--lift <author>', 'index the posts of an erased author again from now on (what was erased stays erased)')
    .action(async (opts: ForgetOptions, cmd: Command) => {
      if ([opts.author, opts.list, opts.lift].filter(Boolean).length !== 1) cmd.error('error: give one of --author <author>, --list or --lift <author>');
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        if (opts.list) {
          const erased = await listErased(pipeline.state);
          for (const e of erased) console.log(`${e.key}\terased ${e.erasedAt}`);
          console.log(`${erased.length} erased author(s); their posts are left out wherever they come from`);
          return;
        }
        if (opts.lift) {
          const lifted = await liftErased(pipeline.state, opts.lift);
          console.log(lifted ? `${opts.lift}: their posts are indexed again from the next run of each source` : `${opts.lift}: not an erased author (rykte forget --list)`);
          if (!lifted) process.exitCode = 1;
          return;
        }
        const author = opts.author!;
        const r = await forgetAuthor(pipeline.client, pipeline.names, pipeline.config.stories, author, { dryRun: opts.dryRun });
        if (opts.dryRun) {
          console.log(`${author}: would erase ${r.mentions} mentions, rebuild ${r.storiesRebuilt} stories, delete ${r.errorRecords} error records, clean ${r.alerts} alerts' evidence`);
          return;
        }
        console.log(`${author}: erased ${r.mentions} mentions; stories: ${r.storiesRebuilt} rebuilt, ${r.storiesDeleted} deleted; ${r.errorRecords} error records deleted; ${r.alerts} alerts' evidence cleaned`);
        if (r.mentions === 0) console.log('(no mentions by that author: check the platform:id or handle)');
        console.log('from the next run of each source, their posts are left out wherever they come from (collectors, stream spools, imports, replays); `rykte forget --lift` ends that');
        // Copies outside Elasticsearch are the operator's: say where they may be.
        console.log(`not touched: source files and the dead-letter file (${pipeline.config.elasticsearch.deadLetterFile})`);
      } finally {
        await pipeline.close();
      }
    });
}

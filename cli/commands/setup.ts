import type { Command } from 'commander';
import { setup } from '../../index/access.ts';
import { configPath, openPipeline } from '../context.ts';

export function register(program: Command) {
  program
    .command('setup')
    .description('install or update the index templates and create the indices rykte needs (idempotent)')
    .action(async (_opts, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const templates = await setup(pipeline.client, pipeline.names);
        console.log(`installed ${templates.length} index templates: ${templates.join(', ')}`);
      } finally {
        await pipeline.close();
      }
    });
}

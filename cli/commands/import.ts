import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { importCollector } from '../../ingest/import.ts';
import { createSource, runSource } from '../../ingest/runner.ts';
import { ensureSetup } from '../../index/access.ts';
import { configPath, openPipeline } from '../context.ts';

export function register(program: Command) {
  program
    .command('import')
    .description('index mentions from JSONL or CSV files (format: README "Import format"); re-importing never duplicates')
    .argument('<files...>', 'JSONL (.jsonl/.ndjson) or CSV (.csv) files')
    .option('--format <format>', 'jsonl or csv (default: from the file extension)')
    .action(async (files: string[], opts: { format?: 'jsonl' | 'csv' }, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config), { refresh: true });
      let failed = false;
      try {
        await ensureSetup(pipeline.client, pipeline.names);
        for (const file of files) {
          const config = importCollector.configSchema.parse({ type: 'import', name: `import.${basename(file).replace(/[^A-Za-z0-9_.-]/g, '_')}`, path: resolve(file), format: opts.format, waitForNewline: false });
          const result = await runSource(pipeline, config, createSource(pipeline, config), false);
          console.log(`${file}: ${result.indexed} indexed, ${result.rejected} rejected, ${result.problems.length} bad lines${result.error ? `; stopped: ${result.error}` : ''}`);
          failed ||= !!result.error || result.rejected > 0 || result.problems.length > 0;
        }
      } finally {
        await pipeline.close();
      }
      if (failed) process.exitCode = 1;
    });
}

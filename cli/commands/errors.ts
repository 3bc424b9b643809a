import type { Command } from 'commander';
import { drainDeadLetters } from '../../index/errors.ts';
import { listErrors, replayRejected } from '../../index/replay.ts';
import { configPath, openPipeline } from '../context.ts';
import { table } from '../table.ts';

const when = (iso?: string) => (iso ? iso.slice(0, 19).replace('T', ' ') : '-');

export function register(program: Command) {
  const errors = program.command('errors').description('what the errors index holds: rejected documents and reported problems; replay rejected documents');

  errors
    .command('list')
    .description('the newest error records, newest first')
    .option('--kind <kind>', 'rejected (documents Elasticsearch refused) or problem (bad input lines, failed requests)')
    .option('--source <name>', 'only this source')
    .option('-n, --limit <n>', 'records to show', (v) => Number.parseInt(v, 10), 20)
    .option('--json', 'print {"total", "records"} as JSON')
    .action(async (opts: { kind?: string; source?: string; limit: number; json?: boolean }, cmd: Command) => {
      if (opts.kind && opts.kind !== 'rejected' && opts.kind !== 'problem') throw new Error(`errors: --kind must be rejected or problem, got \`${opts.kind}\``);
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const { total, records } = await listErrors(pipeline.client, pipeline.names, opts);
        if (opts.json) return console.log(JSON.stringify({ total, records }));
        const rows = records.map((r) => [when(r['@timestamp']), r.kind, r.source ?? '-', r.documentId ?? r.where ?? '-', r.errorType, r.replayedAt ? `replayed ${when(r.replayedAt)}` : '-', r.message]);
        console.log(table(['at (UTC)', 'kind', 'source', 'where', 'type', 'replay', 'message'], rows));
        console.log(`${records.length} of ${total} records`);
      } finally {
        await pipeline.close();
      }
    });

  errors
    .command('replay')
    .description('index again the documents Elasticsearch rejected, once the cause is fixed (the dead-letter file is first moved into the errors index); replayed records are marked, refused ones keep the new reason')
    .option('--source <name>', 'only documents of this source')
    .option('--dry-run', 'count what would be replayed; write nothing')
    .action(async (opts: { source?: string; dryRun?: boolean }, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        if (!opts.dryRun) {
          const file = pipeline.config.elasticsearch.deadLetterFile;
          const dead = await drainDeadLetters(pipeline.client, pipeline.names, file);
          if (dead.moved || dead.left) console.log(`${file}: ${dead.moved} records moved into the errors index${dead.left ? `, ${dead.left} left in the file` : ''}`);
        }
        const result = await replayRejected(pipeline.client, pipeline.names, opts);
        if (opts.dryRun) return console.log(`${result.pending} rejected documents would be replayed`);
        const refused = Object.entries(result.refused);
        const count = refused.reduce((sum, [, n]) => sum + n, 0);
        const erased = result.erased ? `; ${result.erased} of erased authors deleted, not replayed` : '';
        console.log(`replayed ${result.replayed} of ${result.pending} rejected documents; ${count} refused again${count ? ` (${refused.map(([type, n]) => `${type}: ${n}`).join(', ')}); see \`rykte errors list --kind rejected\`` : ''}${erased}`);
        if (count) process.exitCode = 1;
      } finally {
        await pipeline.close();
      }
    });
}

import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import type { ClassifierReport } from '../../enrich/classify-topics.ts';
import { importLine, toMention } from '../../ingest/import.ts';
import { configPath } from '../context.ts';
import { table } from '../table.ts';

export function classifierTable(report: ClassifierReport): string {
  const rows = report.labels.map((l) => [l.label, l.precision.toFixed(2), l.recall.toFixed(2), String(l.support)]);
  return `topic classifier: trained on ${report.trained}, held out ${report.heldOut}\n${table(['topic', 'precision', 'recall', 'held-out'], rows)}`;
}

/**
 * `rykte enrich`: the enrich stage alone, stdin to stdout, no Elasticsearch. Input is the import
 * format (one JSON mention per line); output is one enriched Mention per line. Bad lines go to
 * stderr with their line number and are skipped; the exit code is 1 when there were any.
 */
export function register(program: Command) {
  program
    .command('enrich')
    .description('enrich mentions from stdin (import-format JSONL) and write enriched Mention JSONL to stdout; no Elasticsearch needed')
    .option('--source <name>', 'source name written on each mention', 'stdin')
    .action(async (opts: { source: string }, cmd: Command) => {
      const config = await loadConfig(configPath(cmd.optsWithGlobals().config));
      // Imported here, not at the top: every other command would load the language tables too.
      const { createEnricher } = await import('../../enrich/pipeline.ts');
      const enrich = createEnricher(config, { onClassifierTrained: (r) => console.error(classifierTable(r)) });
      const collectedAt = new Date().toISOString();
      let n = 0;
      let bad = 0;
      const problem = (message: string) => {
        bad++;
        console.error(`stdin:${n}: ${message}`);
      };
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        n++;
        if (!line.trim()) continue;
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch (error) {
          problem(`invalid JSON: ${(error as Error).message}`);
          continue;
        }
        const parsed = importLine.safeParse(raw);
        if (!parsed.success) {
          problem(parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; '));
          continue;
        }
        let enriched;
        try {
          enriched = enrich(toMention(parsed.data, opts.source, collectedAt));
        } catch (error) {
          problem(`enrich failed: ${(error as Error).message}`);
          continue;
        }
        const out = `${JSON.stringify(enriched)}\n`;
        if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
      if (bad) process.exitCode = 1;
    });
}

import type { Command } from 'commander';
import { authorsReport, type AuthorRow } from '../../index/authors.ts';
import { configPath, openPipeline } from '../context.ts';
import { table } from '../table.ts';

const tone = (r: AuthorRow) => (r.meanSentiment === null ? '' : r.meanSentiment.toFixed(2));
const rows = (list: AuthorRow[]) => list.map((r) => [r.handle, String(r.mentions), String(r.reach), String(r.positive), String(r.negative), tone(r)]);
const headers = ['author', 'mentions', 'reach', 'positive', 'negative', 'mean tone'];

export function register(program: Command) {
  program
    .command('authors')
    .description('who talks about the brand: top authors, advocates ("eldsjälar") and detractors, from the indexed mentions')
    .option('--brand <id>', 'brand id from the config (default: any configured brand)')
    .option('--from <date>', 'published at or after (ISO date or now-30d)')
    .option('--to <date>', 'published before')
    .option('--by <order>', 'rank top authors by mentions or reach', 'mentions')
    .option('-n, --size <n>', 'rows per list', (v) => Number.parseInt(v, 10), 10)
    .option('--min-mentions <n>', 'advocates/detractors: minimum positive/negative mentions (default: enrich.advocates.minMentions)', (v) => Number.parseInt(v, 10))
    .option('--min-mean <score>', 'advocates/detractors: mean tone above it/below minus it (default: enrich.advocates.minMeanScore)', Number.parseFloat)
    .option('--json', 'print {"top", "advocates", "detractors"} as JSON')
    .action(async (opts: Record<string, any>, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        if (opts.by !== 'mentions' && opts.by !== 'reach') throw new Error(`authors: --by must be mentions or reach, got \`${opts.by}\``);
        const rules = pipeline.config.enrich.advocates;
        const report = await authorsReport(pipeline.client, pipeline.names, {
          brand: opts.brand,
          from: opts.from,
          to: opts.to,
          by: opts.by,
          size: opts.size,
          minMentions: opts.minMentions ?? rules.minMentions,
          minMeanScore: opts.minMean ?? rules.minMeanScore,
        });
        if (opts.json) {
          console.log(JSON.stringify(report));
          return;
        }
        console.log(`Top authors (by ${opts.by})\n${table(headers, rows(report.top))}`);
        console.log(`\nAdvocates (eldsjälar)\n${report.advocates.length ? table(headers, rows(report.advocates)) : '(none)'}`);
        console.log(`\nDetractors\n${report.detractors.length ? table(headers, rows(report.detractors)) : '(none)'}`);
      } finally {
        await pipeline.close();
      }
    });
}

import type { Command } from 'commander';
import { networkReport, type AccountRow } from '../../index/network.ts';
import { configPath, openPipeline } from '../context.ts';
import { table } from '../table.ts';

const headers = ['account', 'total', 'replies', 'quotes', 'reposts', 'mentions', '+', '-', 'mean tone'];
const cells = (r: AccountRow) => [
  r.handle, String(r.total), String(r.repliesTo), String(r.quotes), String(r.reposts), String(r.mentions),
  String(r.positive), String(r.negative), r.meanSentiment === null ? '' : r.meanSentiment.toFixed(2),
];

export function register(program: Command) {
  program
    .command('network')
    .description('who engages with whom: per staff member and for the company, the accounts that reply to, quote, repost or mention staff, how often, in what tone')
    .option('--staff <id>', 'only this staff member')
    .option('--from <date>', 'published at or after (ISO date or now-30d)')
    .option('--to <date>', 'published before')
    .option('-n, --size <n>', 'accounts per list', (v) => Number.parseInt(v, 10), 10)
    .option('--json', 'print {"company", "staff": {id: [...]}} as JSON')
    .action(async (opts: Record<string, any>, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const ids = pipeline.config.staff.map((s) => s.id);
        if (opts.staff && !ids.includes(opts.staff)) throw new Error(`network: no staff member \`${opts.staff}\` in the config (have: ${ids.join(', ') || 'none'})`);
        const staff = opts.staff ? [opts.staff] : ids;
        const report = await networkReport(pipeline.client, pipeline.names, { staff, roster: ids.length, from: opts.from, to: opts.to, size: opts.size });
        if (opts.json) {
          console.log(JSON.stringify(report));
          return;
        }
        if (!opts.staff) {
          const company = report.company.map((r) => [...cells(r), (r.staff ?? []).join(',')]);
          console.log(`Company: accounts engaging with staff\n${company.length ? table([...headers, 'staff'], company) : '(none)'}`);
        }
        for (const person of pipeline.config.staff.filter((s) => staff.includes(s.id))) {
          const list = report.staff[person.id] ?? [];
          console.log(`\n${person.name} (${person.id})\n${list.length ? table(headers, list.map(cells)) : '(none)'}`);
        }
      } finally {
        await pipeline.close();
      }
    });
}

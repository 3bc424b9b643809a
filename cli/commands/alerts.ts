import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { backtestEvents, loadRule, matchLine, parseEvents } from '../../alerts/backtest.ts';
import { engineFor } from '../../alerts/live.ts';
import { ensureSetup } from '../../index/access.ts';
import { configPath, openPipeline } from '../context.ts';
import { loadConfig } from '../../config/load.ts';

const time = (v: string) => {
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new Error(`alerts: \`${v}\` is not a date (ISO 8601, e.g. 2026-11-20T09:00:00Z)`);
  return ms;
};

export function register(program: Command) {
  const alerts = program.command('alerts').description('alert rules: backtest them, or evaluate them once now');

  alerts
    .command('backtest')
    .description('run one rule over past events and print one JSON line per match: key, matchTime, reference, current')
    .requiredOption('--rule <name or file>', 'a rule name from alerts.rules, or a YAML file holding one rule')
    .option('--events <jsonl>', 'events: one JSON object per line with @timestamp, optional count, and the query_key field')
    .option('--from <date>', 'or: backtest over the mentions in Elasticsearch from this time...')
    .option('--to <date>', '...to this time')
    .action(async (opts: { rule: string; events?: string; from?: string; to?: string }, cmd: Command) => {
      if (!opts.events && !(opts.from && opts.to)) throw new Error('alerts backtest: give --events <jsonl>, or --from and --to');
      const file = configPath(cmd.optsWithGlobals().config);
      if (opts.events) {
        // A rule file needs no config; a rule name is looked up in it (and its errors reported).
        const configured = existsSync(opts.rule) ? [] : (await loadConfig(file)).alerts.rules;
        const rule = await loadRule(opts.rule, configured);
        const { events, problems } = parseEvents(await readFile(opts.events, 'utf8'), (rule as any).query_key, opts.events);
        for (const p of problems) console.error(`alerts backtest: ${p}`);
        for (const m of backtestEvents(rule, events)) console.log(matchLine(m));
        if (problems.length) process.exitCode = 1;
        return;
      }
      const pipeline = await openPipeline(file);
      try {
        const rule = await loadRule(opts.rule, pipeline.config.alerts.rules);
        const { matches } = await engineFor(pipeline).evaluate(rule, time(opts.from!), time(opts.to!), undefined);
        for (const m of matches) console.log(matchLine(m));
      } finally {
        await pipeline.close();
      }
    });

  alerts
    .command('run-once')
    .description('evaluate every rule once now (from where the last run stopped), store and send the alerts')
    .action(async (_opts, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        await ensureSetup(pipeline.client, pipeline.names);
        const sent = await engineFor(pipeline).tick();
        console.error(`alerts: ${sent.length} alerts sent`);
      } finally {
        await pipeline.close();
      }
    });
}

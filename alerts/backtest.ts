import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { formatIssues } from '../config/load.ts';
import type { RuleConfig } from './config.ts';
import { rules } from './rules/index.ts';
import type { CountEvent, Match } from './rules/rule.ts';

/**
 * `rykte alerts backtest`: run a rule over past data with the code the live engine runs.
 * Events come from a JSONL file (`@timestamp`, optional `count`, the query_key field) or
 * from Elasticsearch (the engine's `evaluate` over --from/--to).
 */

/** A rule by name from the config, or a YAML/JSON file holding one rule (an ElastAlert2-style rule file). */
export async function loadRule(nameOrFile: string, configured: RuleConfig[]): Promise<RuleConfig> {
  const named = configured.find((r) => r.name === nameOrFile);
  if (named) return named;
  if (!existsSync(nameOrFile)) throw new Error(`backtest: no rule named \`${nameOrFile}\` in alerts.rules and no such file`);
  const raw = parseYaml(await readFile(nameOrFile, 'utf8')) as Record<string, unknown>;
  const impl = rules[String(raw?.type)];
  if (!impl) throw new Error(`backtest: ${nameOrFile}: unknown rule type \`${raw?.type}\` (one of ${Object.keys(rules).join(', ')})`);
  const parsed = impl.configSchema.safeParse({ name: 'backtest', ...raw }, { reportInput: true });
  if (!parsed.success) throw new Error(`backtest: ${nameOrFile} is invalid:\n${formatIssues(parsed.error).map((p) => `  - ${p}`).join('\n')}`);
  return parsed.data as RuleConfig;
}

/** Read `path.to.field` from a flat (`"a.b": 1`) or nested (`{a: {b: 1}}`) object. */
function lookup(event: Record<string, unknown>, field: string): unknown {
  if (field in event) return event[field];
  return field.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), event);
}

/** Parse JSONL events; bad lines are reported with their line number and skipped. */
export function parseEvents(text: string, queryKey: string | undefined, file: string): { events: CountEvent[]; problems: string[] } {
  const events: CountEvent[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line);
    } catch {
      problems.push(`${where}: invalid JSON`);
      return;
    }
    const at = Date.parse(String(event['@timestamp']));
    const count = event.count === undefined ? 1 : Number(event.count);
    if (Number.isNaN(at)) return void problems.push(`${where}: \`@timestamp\` is missing or not a date`);
    if (!Number.isFinite(count) || count < 0) return void problems.push(`${where}: \`count\` must be a number >= 0, got \`${JSON.stringify(event.count)}\``);
    // Like a terms aggregation: a list counts once per value, a missing value as `other`.
    const value = queryKey ? lookup(event, queryKey) : 'all';
    const keys = Array.isArray(value) ? value.map(String) : [value === undefined || value === null ? 'other' : String(value)];
    for (const key of keys) events.push({ at, key, count });
  });
  return { events, problems };
}

export function backtestEvents(rule: RuleConfig, events: CountEvent[]): Match[] {
  const impl = rules[rule.type]!;
  if (impl.input !== 'counts') throw new Error(`backtest: rule \`${rule.name}\` (${rule.type}) reads ${impl.input}, not events; use --from/--to`);
  return impl.evaluate(rule, { kind: 'counts', events }, undefined).matches;
}

/** One output line per match. */
export const matchLine = (m: Match) => JSON.stringify({ key: m.key, matchTime: m.at, reference: m.reference ?? null, current: m.current ?? null });

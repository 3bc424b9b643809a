import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix } from '../helpers/elasticsearch.ts';
import { rykte as rykteCli } from '../helpers/cli.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';

const prefix = `tcla${Date.now().toString(36)}`;
let dir: string;

const rykte = (...args: string[]) => rykteCli(join(dir, 'rykte.yml'), ...args);

const minute = (m: number) => new Date(Date.parse('2026-11-20T09:00:00Z') + m * 60_000).toISOString();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-alerts-cli-'));
  await writeFile(
    join(dir, 'rykte.yml'),
    [
      `elasticsearch: { indexPrefix: ${prefix}, deadLetterFile: ${join(dir, 'dead.jsonl')} }`,
      'alerts:',
      '  notifiers: { console: true }',
      '  rules:',
      '    - { name: brand-spike, type: spike, timeframe: { minutes: 10 }, spike_height: 2, query_key: enrichment.brands }',
      '    - { name: volume, type: spike, timeframe: { minutes: 10 }, spike_height: 2, threshold_cur: 50, bucketSecs: 60 }',
      '',
    ].join('\n'),
  );
  // ElastAlert2-style rule file: what a user ports.
  await writeFile(join(dir, 'drop.yml'), 'type: spike\ntimeframe: { minutes: 10 }\nspike_height: 2\nspike_type: down\nquery_key: brand\n');
  const events = [];
  for (let m = 0; m < 40; m++) {
    events.push({ '@timestamp': minute(m), count: m < 20 ? 5 : 10, enrichment: { brands: ['fjallvind'] } });
    events.push({ '@timestamp': minute(m), count: 5, 'enrichment.brands': 'norrsken' });
    events.push({ '@timestamp': minute(m), count: m < 20 ? 6 : 2, brand: 'a' });
  }
  await writeFile(join(dir, 'events.jsonl'), jsonl([...events.slice(0, 2), '{broken', ...events.slice(2)]));
  // The same doubling as mentions in Elasticsearch: 5 a minute, then 10 a minute.
  const lines = [];
  for (let m = 0; m < 40; m++) for (let i = 0; i < (m < 20 ? 5 : 10); i++) lines.push(importLine({ id: `m${m}-${i}`, publishedAt: new Date(Date.parse(minute(m)) + i * 1000).toISOString() }));
  await writeFile(join(dir, 'mentions.jsonl'), jsonl(lines));
});
afterAll(() => deletePrefix(prefix));

describe('rykte alerts', () => {
  it('has --help on every alerts command', async () => {
    for (const command of ['alerts backtest', 'alerts run-once']) {
      const { code, stdout } = await rykte(...command.split(' '), '--help');
      expect([code, stdout.split('\n')[0]]).toEqual([0, `Usage: rykte ${command} [options]`]);
    }
  });

  it('backtests a configured rule on a JSONL file: one JSON line per match, bad lines reported', async () => {
    const { code, stdout, stderr } = await rykte('alerts', 'backtest', '--rule', 'brand-spike', '--events', join(dir, 'events.jsonl'));
    expect(stdout).toBe('{"key":"fjallvind","matchTime":"2026-11-20T09:20:00.000Z","reference":50,"current":100}\n');
    expect(stderr).toBe(`alerts backtest: ${join(dir, 'events.jsonl')}:3: invalid JSON\n`);
    expect(code).toBe(1);
  });

  it('backtests a rule file in ElastAlert2 form', async () => {
    const { code, stdout } = await rykte('alerts', 'backtest', '--rule', join(dir, 'drop.yml'), '--events', join(dir, 'events.jsonl'));
    // Key `a` falls from 6 to 2 a minute: at 09:27, 09:18–09:27 holds 2×6 + 8×2 = 28 ≤ 60 / 2.
    expect(stdout).toBe('{"key":"a","matchTime":"2026-11-20T09:18:00.000Z","reference":60,"current":28}\n');
    expect(code).toBe(1);
  });

  it('backtests over Elasticsearch with --from/--to and gets the same outcome', async () => {
    expect((await rykte('import', join(dir, 'mentions.jsonl'))).stdout).toContain('300 indexed');
    const { code, stdout } = await rykte('alerts', 'backtest', '--rule', 'volume', '--from', '2026-11-20T09:00:00Z', '--to', '2026-11-20T09:40:00Z');
    expect(stdout).toBe('{"key":"all","matchTime":"2026-11-20T09:20:00.000Z","reference":50,"current":100}\n');
    expect(code).toBe(0);
  });

  it('says what is wrong with a bad rule file', async () => {
    await writeFile(join(dir, 'bad.yml'), 'type: spike\ntimeframe: { minutes: 10 }\nspike_heigth: 2\n');
    const { code, stderr } = await rykte('alerts', 'backtest', '--rule', join(dir, 'bad.yml'), '--events', join(dir, 'events.jsonl'));
    expect(code).toBe(1);
    expect(stderr).toContain(`backtest: ${join(dir, 'bad.yml')} is invalid:`);
    expect(stderr).toContain('spike_height: Invalid input: expected number, received undefined');
    expect(stderr).toContain('Unrecognized key: "spike_heigth"');
  });
});

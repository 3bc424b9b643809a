import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rykte } from '../helpers/cli.ts';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';

const root = join(import.meta.dirname, '..', '..');
const prefix = `tdemo${Date.now().toString(36)}`;
let config: string;

/** `npm start`'s steps on the bundled demo, under a prefix of its own. */
const demo = async () => {
  const result = await rykte(config, 'demo');
  expect(result.code).toBe(0);
  return result;
};

beforeAll(async () => {
  const raw = parse(await readFile(join(root, 'demo', 'rykte.yml'), 'utf8'));
  raw.elasticsearch = { indexPrefix: prefix };
  raw.sources[0].path = join(root, 'demo', 'mentions.jsonl');
  config = join(await mkdtemp(join(tmpdir(), 'rykte-demo-')), 'rykte.yml');
  await writeFile(config, stringify(raw));
});
afterAll(() => deletePrefix(prefix));

describe('rykte demo', () => {
  it('indexes the demo week and raises the spike, fast-story and staff alerts exactly once', async () => {
    const first = await demo();
    expect(first.stdout).toContain('demo: 417 mentions indexed, 0 rejected, 0 problems');
    const alerts = first.stdout.split('\n').filter((l) => l.startsWith('ALERT '));
    expect(alerts.map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual([
      'volume-spike all',
      'fast-stories rss:https://friluftsbloggen.se/2026/11/20/fjallvind-flyttar-produktionen-till-kina',
      'staff-crisis rss:https://friluftsbloggen.se/2026/11/20/fjallvind-flyttar-produktionen-till-kina',
    ]);
    expect(alerts[0]).toContain('at 2026-11-20T09:04:00.000Z');
    expect(first.stdout).toContain('alerts: 3 new alerts');
    expect(first.stdout).toContain('  npx rykte serve                                    then open http://127.0.0.1:8080/');
    expect(first.stdout).toContain('  KIBANA_API_KEY=... npx rykte kibana import --url http://localhost:5601 --api-key');

    const second = await demo();
    expect(second.stdout).toContain('demo: 417 mentions indexed');
    expect(second.stdout).toContain('alerts: 0 new alerts');
    const client = new Client({ node: elasticsearchUrl() });
    expect((await client.count({ index: `${prefix}-mentions` })).count).toBe(417);
    expect((await client.count({ index: `${prefix}-alerts` })).count).toBe(3);
    await client.close();
  }, 120_000);
});

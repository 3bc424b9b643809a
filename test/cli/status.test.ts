import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorSummary } from '../../cli/commands/status.ts';
import { runOnce } from '../../ingest/runner.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'rykte.js');
let dir: string;
let env: Awaited<ReturnType<typeof testPipeline>>;

async function status(...args: string[]) {
  try {
    const { stdout } = await promisify(execFile)('node', [bin, '--config', join(dir, 'rykte.yml'), 'status', ...args], {
      env: { ...process.env, ELASTICSEARCH_URL: elasticsearchUrl(), RYKTE_LOG_LEVEL: 'warn', COLUMNS: '200' },
    });
    return { code: 0, stdout };
  } catch (error) {
    return error as { code: number; stdout: string };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-status-'));
  await writeFile(join(dir, 'ok.jsonl'), jsonl([importLine({ id: 's1' }), importLine({ id: 's2' })]));
  const sources = [
    { type: 'import', name: 'ok', path: 'ok.jsonl' },
    { type: 'import', name: 'broken', path: 'missing.jsonl', retries: 0 },
  ];
  env = await testPipeline({ sources }, dir);
  await runOnce(env.pipeline);
  // A source removed from the config still shows, so its leftovers are not forgotten.
  await env.pipeline.state.put('health', 'retired', { collected: 7, lastRunAt: '2026-11-01T00:00:00.000Z', lastSuccessAt: '2026-11-01T00:00:00.000Z' });
  // Leases as `rykte run` workers leave them: `ok` held by w1 (renewed just now), `broken` expired.
  const lease = (owner: string, renewedAt: string) => ({ owner, since: '2026-12-01T08:00:00.000Z', renewedAt, leaseSecs: 3600 });
  await env.pipeline.state.put('lease', 'source:ok', lease('w1', new Date().toISOString()));
  await env.pipeline.state.put('lease', 'source:broken', lease('w2', '2026-11-01T08:00:00.000Z'));
  await env.pipeline.state.put('lease', 'alerts', lease('w2', new Date().toISOString()));
  const yaml = `elasticsearch:\n  indexPrefix: ${env.prefix}\nsources:\n${[...sources, { type: 'import', name: 'new', path: 'new.jsonl' }]
    .map((s) => `  - ${JSON.stringify(s)}`)
    .join('\n')}\n`;
  await writeFile(join(dir, 'rykte.yml'), yaml);
});
afterAll(() => env.cleanup());

describe('rykte status', () => {
  it('prints each source\'s health, collected count, last error and cursor as JSON', async () => {
    const { code, stdout } = await status('--json');
    expect(code).toBe(1); // a failing source makes the exit code 1, for monitoring
    const rows = JSON.parse(stdout);
    expect(rows.map((r: any) => [r.source, r.type, r.health, r.collected])).toEqual([
      ['ok', 'import', 'ok', 2],
      ['broken', 'import', 'failing', 0],
      ['new', 'import', 'never run', 0],
      ['retired', '?', 'not configured', 7],
    ]);
    expect(rows[0]).toMatchObject({ lastSuccessAt: expect.any(String), cursor: { line: 2, offset: expect.any(Number) } });
    expect(rows[1]).toMatchObject({ lastErrorType: 'enoent', lastError: expect.stringContaining('ENOENT') });
    expect(rows.map((r: any) => [r.heldBy, r.heldSince])).toEqual([['w1', '2026-12-01T08:00:00.000Z'], [undefined, undefined], [undefined, undefined], [undefined, undefined]]);
  });

  it('prints a table', async () => {
    const { stdout } = await status();
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^source\s+type\s+health\s+held by \(UTC\)\s+last run \(UTC\)\s+last success\s+collected\s+cursor\s+last error$/);
    expect(lines[1]).toMatch(/^ok\s+import\s+ok\s+w1 since 2026-12-01 08:00:00\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d{4}-.*\s+2\s+offset=\d+ line=2 .*\s+-$/);
    expect(lines[2]).toMatch(/^broken\s+import\s+failing\s+-\s.*\s0\s+-\s+enoent: ENOENT: no such file or directory/);
    expect(lines[3]).toMatch(/^new\s+import\s+never run\s+-\s+-\s+-\s+0\s+-\s+-$/);
    expect(lines.slice(-2)).toEqual(['alert engine: w2 since 2026-12-01 08:00:00', 'story placement: no worker running']);
  });

  it('summarises a cursor by its scalar leaves', () => {
    expect(cursorSummary({ queries: { fjällvind: { sinceId: '1276035977375477760' } }, round: [] })).toBe('queries.fjällvind.sinceId=1276035977375477760 round=[0]');
    expect(cursorSummary({ a: 'x'.repeat(100) }, 20)).toBe('a=xxxxxxxxxxxxxxxxx…');
  });
});

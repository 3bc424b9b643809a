import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMentions } from '../../index/writer.ts';
import { rykte } from '../helpers/cli.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let config: string;
const staff = [
  { id: 'anna', name: 'Anna Lindqvist', accounts: { x: ['annalindqvist'] } },
  { id: 'erik', name: 'Erik Johansson', accounts: { x: ['erikjo_pr'] } },
];

beforeAll(async () => {
  env = await testPipeline({ staff });
  config = join(env.pipeline.config.baseDir, `${env.prefix}.yml`);
  await writeFile(config, JSON.stringify({ elasticsearch: { indexPrefix: env.prefix }, staff }));
  const mentions = [
    mention({ nativeId: 'c1', author: { handle: 'kund1' }, text: 'bra', language: 'sv', references: { replyTo: { id: 'p', authorHandle: 'annalindqvist' } } }),
    mention({ nativeId: 'c2', author: { handle: 'kund1' }, text: 'dålig', language: 'sv', references: { replyTo: { id: 'p', authorHandle: 'annalindqvist' } } }),
    mention({ nativeId: 'c3', author: { handle: 'kund2' }, text: 'blå', language: 'sv', references: { repostOf: { id: 'p', authorHandle: 'annalindqvist' } } }),
  ].map(env.pipeline.enrich);
  await writeMentions(env.client, env.names, mentions, { refresh: true, deadLetterFile: '/dev/null' });
});
afterAll(() => env.cleanup());

describe('rykte network', () => {
  it('prints the company and per-person tables', async () => {
    const { code, stdout } = await rykte(config, 'network');
    expect(code).toBe(0);
    expect(stdout).toContain('Company: accounts engaging with staff');
    expect(stdout).toMatch(/kund1\s+2\s+2\s+0\s+0\s+0\s+1\s+1\s+0\.00\s+anna/);
    expect(stdout).toMatch(/Anna Lindqvist \(anna\)\naccount.*\nkund1\s+2/);
    expect(stdout).toContain('Erik Johansson (erik)\n(none)');
  });

  it('prints JSON for one person and refuses an unknown one', async () => {
    const { stdout } = await rykte(config, 'network', '--staff', 'anna', '--json');
    const report = JSON.parse(stdout);
    expect(report.staff.anna.map((r: { handle: string; total: number }) => [r.handle, r.total])).toEqual([['kund1', 2], ['kund2', 1]]);
    const bad = await rykte(config, 'network', '--staff', 'nobody');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('rykte: network: no staff member `nobody` in the config (have: anna, erik)');
  });
});

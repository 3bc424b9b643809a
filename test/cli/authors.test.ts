import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMentions } from '../../index/writer.ts';
import { rykte } from '../helpers/cli.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let config: string;
const brands = [{ id: 'fjallvind', name: 'Fjällvind', query: 'fjällvind' }];

beforeAll(async () => {
  env = await testPipeline({ brands });
  config = join(env.pipeline.config.baseDir, `${env.prefix}.yml`);
  await writeFile(config, JSON.stringify({ elasticsearch: { indexPrefix: env.prefix }, brands, enrich: { advocates: { minMentions: 2, minMeanScore: 1 } } }));
  const m = (id: string, handle: string, followers: number, text: string) => mention({ nativeId: id, author: { handle, followers }, text, language: 'sv' });
  const mentions = [
    m('d1', 'eva', 120, 'Fjällvind är bra'),
    m('d2', 'eva', 130, 'Fjällvind är toppen'),
    m('d3', 'olle', 900, 'Fjällvind är dålig'),
    m('d4', 'olle', 900, 'Fjällvind är usel'),
    m('d5', 'kim', 10, 'Fjällvind'),
    m('d6', 'kim', 10, 'inget om märket'),
  ].map(env.pipeline.enrich);
  await writeMentions(env.client, env.names, mentions, { refresh: true, deadLetterFile: '/dev/null' });
});
afterAll(() => env.cleanup());

describe('rykte authors', () => {
  it('prints top authors, advocates and detractors with the config\'s advocate rules', async () => {
    const { code, stdout } = await rykte(config, 'authors');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Top authors \(by mentions\)\nauthor\s+mentions\s+reach\s+positive\s+negative\s+mean tone\neva\s+2\s+130\s+2\s+0\s+3\.00\nolle\s+2\s+900\s+0\s+2\s+-3\.00\nkim\s+1\s+10\s+0\s+0\s+0\.00/);
    expect(stdout).toMatch(/Advocates \(eldsjälar\)\nauthor.*\neva\s+2/);
    expect(stdout).toMatch(/Detractors\nauthor.*\nolle\s+2/);
  });

  it('prints JSON, and the command line overrides the rules', async () => {
    const { stdout } = await rykte(config, 'authors', '--json', '--min-mentions', '3', '--by', 'reach');
    const report = JSON.parse(stdout);
    expect(report.top.map((a: { handle: string }) => a.handle)).toEqual(['olle', 'eva', 'kim']);
    expect(report.advocates).toEqual([]);
    expect(report.detractors).toEqual([]);
  });
});

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupIndices } from '../../index/setup.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
beforeAll(async () => {
  env = await testPipeline();
});
afterAll(() => env.cleanup());

const write = (mentions: Mention[]) => writeMentions(env.client, env.names, mentions, { refresh: true, deadLetterFile: env.pipeline.config.elasticsearch.deadLetterFile });
const hits = async (query: object) => (await env.client.search({ index: env.names.alias('mentions'), query })).hits.hits.map((h) => h._id);

/** The mentions mapping as rykte versions before keyword caps made it (with another template hash). */
async function uncappedMapping() {
  const template = JSON.parse(await readFile(new URL('../../index/templates/v1/mentions.json', import.meta.url), 'utf8'));
  const strip = (node: any): any => {
    if (Array.isArray(node) || typeof node !== 'object' || node === null) return node;
    const out: any = {};
    for (const [k, v] of Object.entries(node)) if (!(k === 'ignore_above' && v === 1024)) out[k] = strip(v);
    return out;
  };
  return { ...strip(template.mappings), _meta: { rykte: 'mentions', version: 1, hash: 'before-caps' } };
}

describe('index templates', () => {
  it('indexes a mention whose keyword values are too long, searchable by its other fields', async () => {
    const tag = `#${'a'.repeat(40_000)}`;
    const result = await write([
      mention({ nativeId: 'long1', text: 'Fjällvind kampanj', author: { id: 'u9', handle: 'h'.repeat(40_000) }, enrichment: { hashtags: [tag, '#kort'] } }),
    ]);
    expect(result).toEqual({ indexed: 1, rejected: [] });
    expect(await hits({ match: { text: 'kampanj' } })).toEqual(['x:long1']);
    expect(await hits({ term: { 'author.id': 'u9' } })).toEqual(['x:long1']);
    expect(await hits({ term: { 'enrichment.hashtags': '#kort' } })).toEqual(['x:long1']);
    // The over-long value is kept in the document, not indexed.
    expect(await hits({ prefix: { 'enrichment.hashtags': '#aaaa' } })).toEqual([]);
    const doc = await env.client.get<Mention>({ index: env.names.index('mentions', '2026-11-20'), id: 'x:long1' });
    expect(doc._source!.enrichment.hashtags![0]).toHaveLength(40_001);
  });

  it('setup caps keyword fields of monthly indices made before the caps', async () => {
    const old = `${env.names.template('mentions')}-2020.01`;
    await env.client.indices.create({ index: old, mappings: await uncappedMapping(), aliases: { [env.names.alias('mentions')]: {} } });
    const before = await write([mention({ nativeId: 'old1', publishedAt: '2020-01-05T00:00:00Z', enrichment: { hashtags: [`#${'b'.repeat(40_000)}`] } })]);
    expect(before.rejected.map((r) => r.errorType)).toEqual(['document_parsing_exception']);
    await setupIndices(env.client, env.names);
    const mapping = await env.client.indices.getMapping({ index: old });
    expect((mapping[old]!.mappings.properties!.enrichment as any).properties.hashtags).toEqual({ type: 'keyword', ignore_above: 1024 });
    const after = await write([mention({ nativeId: 'old1', publishedAt: '2020-01-05T00:00:00Z', enrichment: { hashtags: [`#${'b'.repeat(40_000)}`] } })]);
    expect(after).toEqual({ indexed: 1, rejected: [] });
  });

  it("setup gives indices an older rykte made Elasticsearch's default refresh, and leaves a value set by hand", async () => {
    const [older, tuned] = ['2020.02', '2020.03'].map((month) => `${env.names.template('mentions')}-${month}`);
    for (const [index, interval] of [[older!, '1s'], [tuned!, '30s']] as const) {
      await env.client.indices.create({ index, mappings: await uncappedMapping(), settings: { refresh_interval: interval } });
    }
    await setupIndices(env.client, env.names);
    const settings = await env.client.indices.getSettings({ index: [older!, tuned!, env.names.index('stories')], name: 'index.refresh_interval', flat_settings: true });
    expect(Object.fromEntries(Object.entries(settings).map(([index, s]) => [index, s.settings?.['index.refresh_interval']]))).toEqual({
      [older!]: undefined,
      [tuned!]: '30s',
      [env.names.index('stories')]: undefined,
    });
  });
});

import { readFile } from 'node:fs/promises';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../index/names.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { bulk429Proxy } from '../helpers/bulk-429-proxy.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';
import { mention } from '../helpers/mentions.ts';
import { logLines } from '../setup.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
beforeAll(async () => {
  env = await testPipeline();
});
afterAll(() => env.cleanup());

const count = async () => (await env.client.count({ index: env.names.alias('mentions') })).count;
const write = (mentions: Mention[]) => writeMentions(env.client, env.names, mentions, { refresh: true, deadLetterFile: env.pipeline.config.elasticsearch.deadLetterFile });

describe('bulk writer', () => {
  it('indexes mentions into monthly indices behind the alias', async () => {
    const result = await write([
      mention({ nativeId: 'w1', publishedAt: '2026-10-31T23:59:59.000Z' }),
      mention({ nativeId: 'w2', publishedAt: '2026-11-01T00:00:00.000Z' }),
      mention({ nativeId: 'w3' }),
    ]);
    expect(result).toEqual({ indexed: 3, rejected: [] });
    expect(await count()).toBe(3);
    const indices = await env.client.cat.indices({ index: `${env.prefix}-mentions-*`, h: 'index', format: 'json' });
    expect(indices.map((i) => i.index).sort()).toEqual([`${env.prefix}-mentions-v1-2026.10`, `${env.prefix}-mentions-v1-2026.11`]);
    const doc = await env.client.get<Mention>({ index: `${env.prefix}-mentions-v1-2026.11`, id: 'x:w3' });
    expect(doc._source).toMatchObject({ id: 'x:w3', nativeId: 'w3', text: 'Fjällvind gör bra jackor' });
  });

  it('re-indexing the same mentions produces no duplicates', async () => {
    await write([mention({ nativeId: 'w1', publishedAt: '2026-10-31T23:59:59.000Z', text: 'edited' }), mention({ nativeId: 'w3' })]);
    expect(await count()).toBe(3);
  });

  it('keeps a rejected document in the errors index with its reason and indexes the rest', async () => {
    const bad = mention({ nativeId: 'bad1', author: { followers: 'many' as unknown as number } });
    const result = await write([mention({ nativeId: 'ok1' }), bad]);
    expect(result.indexed).toBe(1);
    expect(result.rejected).toEqual([
      { id: 'x:bad1', index: `${env.prefix}-mentions-v1-2026.11`, status: 400, errorType: 'document_parsing_exception', reason: expect.stringContaining('[author.followers]') },
    ]);
    expect(await count()).toBe(4);
    const errors = await env.client.search({ index: env.names.alias('errors'), query: { term: { documentId: 'x:bad1' } } });
    expect(errors.hits.hits).toHaveLength(1);
    expect(errors.hits.hits[0]!._source).toMatchObject({ kind: 'rejected', stage: 'index', status: 400, document: { nativeId: 'bad1', author: { followers: 'many' } } });
    expect(logLines.filter((l) => l.event === 'index.rejected').map((l) => l.id)).toEqual(['x:bad1']);
  });

  it('a field the mapping does not know is rejected, not silently added', async () => {
    const result = await write([{ ...mention({ nativeId: 'extra' }), surprise: 1 } as Mention]);
    expect(result.rejected.map((r) => [r.id, r.errorType])).toEqual([['x:extra', 'strict_dynamic_mapping_exception']]);
  });

  it('rejects an id over 512 bytes and an oversized document alone, with their reasons; the rest of the request indexes', async () => {
    const longId = mention({ nativeId: 'å'.repeat(300) }); // 602 bytes of UTF-8 with the `x:` prefix
    const huge = mention({ nativeId: 'huge', text: 'ord '.repeat(2000) });
    const result = await writeMentions(env.client, env.names, [mention({ nativeId: 'v1' }), longId, huge, mention({ nativeId: 'v2' })], {
      refresh: true,
      maxDocumentBytes: 4096,
      deadLetterFile: env.pipeline.config.elasticsearch.deadLetterFile,
    });
    expect(result.indexed).toBe(2);
    expect(result.rejected).toEqual([
      { id: longId.id, index: `${env.prefix}-mentions-v1-2026.11`, status: 400, errorType: 'id_too_long', reason: 'id is 602 bytes long; Elasticsearch takes at most 512' },
      { id: 'x:huge', index: `${env.prefix}-mentions-v1-2026.11`, status: 400, errorType: 'document_too_large', reason: expect.stringMatching(/^document is \d+ bytes; elasticsearch.maxDocumentBytes is 4096$/) },
    ]);
    const found = await env.client.search({ index: env.names.alias('mentions'), query: { ids: { values: ['x:v1', 'x:v2', longId.id, 'x:huge'] } } });
    expect(found.hits.hits.map((h) => h._id).sort()).toEqual(['x:v1', 'x:v2']);
    const errors = await env.client.search({ index: env.names.alias('errors'), query: { terms: { errorType: ['id_too_long', 'document_too_large'] } } });
    expect(errors.hits.hits.map((h) => (h._source as any).documentId).sort()).toEqual([longId.id, 'x:huge'].sort());
  });

  it('falls back to the dead-letter file when the cluster cannot take the rejection either', async () => {
    // The errors index refuses a `kind` object (mapped as keyword): the record lands in the file.
    const { recordErrors } = await import('../../index/errors.ts');
    const file = env.pipeline.config.elasticsearch.deadLetterFile;
    await recordErrors(env.client, env.names, [{ '@timestamp': 'not-a-date', kind: 'problem', stage: 'ingest', errorType: 'x', message: 'boom', where: 'here' }], file);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ where: 'here', message: 'boom' });
  });

  it('a whole bulk request turned away with 429 comes back after a backoff: every document indexed, none rejected', async () => {
    // The first two requests are refused as a whole; 300 documents in requests of ~20 KB.
    const proxy = await bulk429Proxy(elasticsearchUrl(), () => false, (n) => n <= 2);
    const client = new Client({ node: proxy.url, maxRetries: 0 });
    const docs = Array.from({ length: 300 }, (_, i) => mention({ nativeId: `whole${i}` }));
    const result = await writeMentions(client, env.names, docs, { refresh: true, flushBytes: 20_000, random: () => 0.01, deadLetterFile: env.pipeline.config.elasticsearch.deadLetterFile });
    expect(result).toEqual({ indexed: 300, rejected: [] });
    expect(proxy.stats.refusedRequests).toBe(2);
    expect((await env.client.count({ index: env.names.alias('mentions'), query: { prefix: { nativeId: 'whole' } } })).count).toBe(300);
    expect(logLines.filter((l) => l.event === 'index.back_pressure').map((l) => l.status)).toContain(429);
    await client.close();
    await proxy.close();
  });

  it('rejects (so no cursor is committed) when Elasticsearch is unreachable', async () => {
    const down = new Client({ node: 'http://127.0.0.1:9', maxRetries: 0, requestTimeout: 2000 });
    await expect(writeMentions(down, indexNames('down'), [mention()], { deadLetterFile: '/dev/null' })).rejects.toThrow(/ECONNREFUSED|ConnectionError|connect/);
    await down.close();
  });
});

import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../ingest/collector.ts';
import { createSource, runOnce, runSource } from '../../ingest/runner.ts';
import type { SourceHealth } from '../../ingest/commit.ts';
import { runReport } from '../../cli/commands/once.ts';
import { bulk429Proxy } from '../helpers/bulk-429-proxy.ts';
import { elasticsearchUrl } from '../helpers/elasticsearch.ts';
import { logLines } from '../setup.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { importLine, jsonl, mention } from '../helpers/mentions.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-runner-'));
  await writeFile(join(dir, 'a.jsonl'), jsonl([1, 2, 3].map((i) => importLine({ id: `a${i}` })).concat(['not json' as never])));
  await writeFile(join(dir, 'b.jsonl'), jsonl([importLine({ id: 'b1' })]));
  env = await testPipeline(
    {
      sources: [
        { type: 'import', name: 'a', path: 'a.jsonl', pageSize: 2 },
        { type: 'import', name: 'missing', path: 'nope.jsonl', retries: 0 },
        { type: 'import', name: 'b', path: 'b.jsonl' },
      ],
    },
    dir,
  );
});
afterAll(() => env.cleanup());

const ids = async () =>
  (await env.client.search({ index: env.names.alias('mentions'), size: 100, sort: [{ id: 'asc' }] })).hits.hits.map((h) => h._id);

describe('runner', () => {
  it('runs every source; a broken one is reported and never stops the others', async () => {
    const results = await runOnce(env.pipeline);
    expect(results.map((r) => [r.source, r.indexed, r.problems.length, r.error ?? null])).toEqual([
      ['a', 3, 1, null],
      ['missing', 0, 0, expect.stringContaining('ENOENT')],
      ['b', 1, 0, null],
    ]);
    expect(results[0]!.pages).toBe(2);
    expect(await ids()).toEqual(['x:a1', 'x:a2', 'x:a3', 'x:b1']);
    const problems = await env.client.search({ index: env.names.alias('errors'), query: { term: { kind: 'problem' } } });
    expect(problems.hits.hits.map((h) => (h._source as any).where)).toEqual(['a.jsonl:4']);
  });

  it('resumes from the stored cursor: a second run indexes only what is new', async () => {
    await appendFile(join(dir, 'a.jsonl'), jsonl([importLine({ id: 'a5' })]));
    const results = await runOnce(env.pipeline);
    expect(results.map((r) => [r.source, r.collected])).toEqual([['a', 1], ['missing', 0], ['b', 0]]);
    expect(await ids()).toEqual(['x:a1', 'x:a2', 'x:a3', 'x:a5', 'x:b1']);
  });

  it('keeps health per source', async () => {
    const health = Object.fromEntries((await env.pipeline.state.list<SourceHealth>('health')).map((h) => [h.key, h.value]));
    expect(health.a).toMatchObject({ collected: 4, lastSuccessAt: expect.any(String) });
    expect(health.missing).toMatchObject({ collected: 0, lastError: expect.stringContaining('ENOENT') });
  });

  it('does not commit the cursor of a page that could not be indexed', async () => {
    let calls = 0;
    const flaky: Source = {
      async fetchPage(cursor) {
        calls++;
        return { mentions: [mention({ nativeId: `f${calls}`, author: calls === 1 ? {} : { followers: 'x' as never } })], problems: [], cursor: { n: calls }, done: calls >= 2 };
      },
    };
    const config = { ...env.pipeline.config.sources[2]!, name: 'flaky' };
    await runSource({ ...env.pipeline, client: env.client }, config, flaky);
    // The second page's document was rejected (kept in the errors index), its cursor still moves on:
    // rejection is final for that document, unlike an outage.
    expect(await env.pipeline.state.get('cursor', 'flaky')).toEqual({ n: 2 });
    const { Client } = await import('@elastic/elasticsearch');
    const down = new Client({ node: 'http://127.0.0.1:9', maxRetries: 0 });
    const result = await runSource({ ...env.pipeline, client: down }, { ...config, name: 'flaky-down' }, createSource(env.pipeline, env.pipeline.config.sources[2]! as never), false);
    expect(result.error).toMatch(/ECONNREFUSED|connect/);
    expect(await env.pipeline.state.get('cursor', 'flaky-down')).toBeUndefined();
    await down.close();
  });

  it('hands a page to afterIndex once indexed, and never commits a cursor past an unindexed page', async () => {
    const seen: { cursorBefore: unknown; indexed: boolean }[] = [];
    let calls = 0;
    const paged: Source = {
      async fetchPage() {
        calls++;
        return { mentions: [mention({ nativeId: `o${calls}` })], problems: [], cursor: { page: calls }, done: calls >= 2 };
      },
    };
    const pipeline = {
      ...env.pipeline,
      hooks: {
        afterIndex: async (mentions: { id: string }[]) => {
          const found = await env.client.exists({ index: env.names.alias('mentions'), id: mentions[0]!.id });
          seen.push({ cursorBefore: await env.pipeline.state.get('cursor', 'ordered'), indexed: found });
        },
      },
    };
    await runSource(pipeline, { ...env.pipeline.config.sources[2]!, name: 'ordered' }, paged);
    // Commits are batched (every few seconds and at the end): none came before the pages were indexed.
    expect(seen).toEqual([
      { cursorBefore: undefined, indexed: true },
      { cursorBefore: undefined, indexed: true },
    ]);
    expect(await env.pipeline.state.get('cursor', 'ordered')).toEqual({ page: 2 });
  });

  it('reports a run cut short by maxPagesPerRun; the next run continues from there', async () => {
    await writeFile(join(dir, 'long.jsonl'), jsonl([1, 2, 3, 4, 5].map((i) => importLine({ id: `l${i}` }))));
    const config = { ...env.pipeline.config.sources[0]!, name: 'long', path: 'long.jsonl', pageSize: 2, maxPagesPerRun: 2 } as never;
    const first = await runSource(env.pipeline, config, createSource(env.pipeline, config));
    expect([first.indexed, first.limited]).toEqual([4, { reason: 'maxPagesPerRun', pages: 2 }]);
    expect(runReport(first)).toBe('long: 4 indexed, 0 rejected, 0 problems; stopped after 2 pages (maxPagesPerRun); the next run continues from there');
    expect(await env.pipeline.state.get<SourceHealth>('health', 'long')).toMatchObject({ collected: 4, limited: { reason: 'maxPagesPerRun', pages: 2 } });
    const second = await runSource(env.pipeline, config, createSource(env.pipeline, config));
    expect([second.indexed, second.pages, second.limited]).toEqual([1, 1, undefined]);
    expect(await env.pipeline.state.get<SourceHealth>('health', 'long')).not.toHaveProperty('limited');
    expect((await ids()).filter((id) => id!.startsWith('x:l'))).toEqual(['x:l1', 'x:l2', 'x:l3', 'x:l4', 'x:l5']);
  });

  it('retries item-level 429s until Elasticsearch takes them: 12,000 mentions all indexed, none filed as rejected', async () => {
    // Every fifth document is refused with 429 twice before the proxy lets it through.
    const proxy = await bulk429Proxy(elasticsearchUrl(), (id, attempt) => attempt <= 2 && Number(id.slice(3)) % 5 === 0);
    const { Client } = await import('@elastic/elasticsearch');
    const client = new Client({ node: proxy.url });
    let page = 0;
    const busy: Source = {
      async fetchPage() {
        page++;
        const mentions = Array.from({ length: 1000 }, (_, i) => mention({ nativeId: `q${(page - 1) * 1000 + i}`, text: `last ${page}` }));
        return { mentions, problems: [], cursor: { page }, done: page === 12 };
      },
    };
    const config = { ...env.pipeline.config.sources[2]!, name: 'busy' };
    const es = { ...env.pipeline.config.elasticsearch, flushBytes: 200_000 };
    const result = await runSource({ ...env.pipeline, client, config: { ...env.pipeline.config, elasticsearch: es }, random: () => 0.05 }, config, busy);
    expect([result.indexed, result.rejected, result.error]).toEqual([12_000, 0, undefined]);
    expect(proxy.stats.rejected).toBe(2 * 2400);
    expect((await env.client.count({ index: env.names.alias('mentions'), query: { prefix: { nativeId: 'q' } } })).count).toBe(12_000);
    expect((await env.client.count({ index: env.names.alias('errors'), query: { prefix: { documentId: 'x:q' } } })).count).toBe(0);
    expect(await env.pipeline.state.get('cursor', 'busy')).toEqual({ page: 12 });
    expect(logLines.some((l) => l.event === 'index.back_pressure' && l.status === 429)).toBe(true);
    await client.close();
    await proxy.close();
  }, 120_000);

  it('reports every source whose stored cursor cannot be read, instead of stopping at the first', async () => {
    const state = env.names.index('state');
    await env.client.indices.close({ index: state });
    try {
      const results = await runOnce(env.pipeline);
      expect(results.map((r) => [r.source, r.pages, r.indexed, r.errorType])).toEqual([
        ['a', 0, 0, 'state'],
        ['missing', 0, 0, 'state'],
        ['b', 0, 0, 'state'],
      ]);
      expect(results[0]!.error).toMatch(/^cannot read the stored cursor: index_closed_exception/);
    } finally {
      await env.client.indices.open({ index: state });
    }
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Lease } from '../../index/lease.ts';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';
import { loopback } from '../helpers/loopback.ts';
import { eventsOf, startWorker, type Worker } from '../helpers/workers.ts';

/**
 * Three `rykte run` workers on one config share six RSS sources through leases in the real
 * Elasticsearch. The feed server holds every response a moment and records how many requests
 * per feed are in flight: two workers collecting one source at once would show as two.
 */
const prefix = `twork${Date.now().toString(36)}`;
const es = new Client({ node: elasticsearchUrl() });
const feeds = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
const items = new Map(feeds.map((f) => [f, 0]));
const inFlight = new Map<string, number>();
const maxInFlight = new Map<string, number>();
let dir: string;
let server: Awaited<ReturnType<typeof loopback>>;
let workers: Worker[] = [];

function rss(feed: string) {
  const entries = Array.from({ length: items.get(feed)! }, (_, i) => {
    const published = new Date(Date.UTC(2026, 10, 20, 10, i)).toUTCString();
    return `<item><guid>https://blog.example/${feed}/${i}</guid><title>Fjällvind ${feed} ${i}</title><link>https://blog.example/${feed}/${i}</link><description>Om Fjällvind, inlägg ${i} i ${feed}.</description><pubDate>${published}</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${feed}</title><link>https://blog.example/${feed}</link><description>d</description>${entries.join('')}</channel></rss>`;
}

const addItems = (n: number) => feeds.forEach((f) => items.set(f, items.get(f)! + n));
const total = () => [...items.values()].reduce((a, b) => a + b, 0);

async function leases(): Promise<Map<string, Lease>> {
  await es.indices.refresh({ index: `${prefix}-state*` });
  const response = await es.search<{ key: string; value: Lease }>({ index: `${prefix}-state`, size: 100, query: { term: { kind: 'lease' } } });
  return new Map(response.hits.hits.map((h) => [h._source!.key, h._source!.value]));
}

/** Source → live holder. */
async function holders(): Promise<Map<string, string>> {
  const now = Date.now();
  const out = new Map<string, string>();
  for (const [name, l] of await leases()) {
    if (name.startsWith('source:') && l.owner && now < Date.parse(l.renewedAt) + l.leaseSecs * 1000) out.set(name.slice(7), l.owner);
  }
  return out;
}

async function indexed() {
  await es.indices.refresh({ index: `${prefix}-mentions*` }, { ignore: [404] });
  const response = await es.search<{ source: string }>({ index: `${prefix}-mentions`, size: 1000, version: true, _source: ['source'] }, { ignore: [404] });
  return (response.hits?.hits ?? []).map((h) => ({ id: h._id!, source: h._source!.source, version: h._version! }));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-workers-'));
  server = await loopback(async (req, res) => {
    const feed = req.url.slice(1);
    inFlight.set(feed, (inFlight.get(feed) ?? 0) + 1);
    maxInFlight.set(feed, Math.max(maxInFlight.get(feed) ?? 0, inFlight.get(feed)!));
    await new Promise((r) => setTimeout(r, 200));
    inFlight.set(feed, inFlight.get(feed)! - 1);
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(rss(feed));
  });
  addItems(5);
  await writeFile(
    join(dir, 'rykte.yml'),
    [
      'elasticsearch:',
      `  indexPrefix: ${prefix}`,
      `  deadLetterFile: ${join(dir, 'dead.jsonl')}`,
      'workers: { leaseSecs: 4, renewSecs: 1 }',
      'brands: [{ id: fjallvind, name: Fjällvind, query: fjällvind }]',
      'alerts: { rules: [] }',
      // No story stage: it updates every mention once more, and the test reads `_version` to
      // see which documents were written twice.
      'stories: { enabled: false }',
      'sources:',
      ...feeds.map((f) => `  - { type: rss, name: rss-${f}, feeds: ["${server.url}/${f}"], intervalSecs: 1 }`),
    ].join('\n'),
  );
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await server.close();
  await deletePrefix(prefix, es);
  await es.close();
});

describe('three rykte run workers on one config', () => {
  it('collect each source with one worker at a time; a killed worker\'s sources move to the others; every item is indexed once', { timeout: 240_000 }, async () => {
    const env = { ELASTICSEARCH_URL: elasticsearchUrl() };
    workers = [0, 1, 2].map(() => startWorker(join(dir, 'rykte.yml'), env));
    const ids = workers.map((w) => w.id);

    // Spread: every source held, by each of the three workers (an even share is two).
    await vi.waitFor(async () => {
      const h = await holders();
      expect([...h.keys()].sort()).toEqual(feeds.map((f) => `rss-${f}`));
      expect(new Set(h.values())).toEqual(new Set(ids));
    }, { timeout: 120_000, interval: 500 });
    await vi.waitFor(async () => expect((await indexed()).length).toBe(total()), { timeout: 60_000, interval: 500 });

    // kill -9 the worker holding the most sources, while new items keep arriving.
    const before = await holders();
    const victim = workers.find((w) => w.id === [...before.values()].sort((a, b) => [...before.values()].filter((v) => v === b).length - [...before.values()].filter((v) => v === a).length)[0])!;
    const moved = [...before].filter(([, owner]) => owner === victim.id).map(([source]) => source);
    addItems(3);
    victim.kill('SIGKILL');
    await victim.exited;
    addItems(2);

    const survivors = workers.filter((w) => w !== victim).map((w) => w.id);
    await vi.waitFor(async () => {
      const h = await holders();
      expect([...h.keys()].sort()).toEqual(feeds.map((f) => `rss-${f}`));
      for (const source of moved) expect(survivors).toContain(h.get(source));
    }, { timeout: 60_000, interval: 500 });
    await vi.waitFor(async () => expect((await indexed()).length).toBe(total()), { timeout: 60_000, interval: 500 });

    // No feed was ever requested by two workers at once.
    expect(Object.fromEntries(maxInFlight)).toEqual(Object.fromEntries(feeds.map((f) => [f, 1])));
    // Every item once; a document written twice (version > 1) can only be a page the killed
    // worker indexed without committing its cursor, re-fetched by its successor.
    const docs = await indexed();
    expect(new Set(docs.map((d) => d.id)).size).toBe(total());
    expect(Object.fromEntries(feeds.map((f) => [`rss-${f}`, docs.filter((d) => d.source === `rss-${f}`).length]))).toEqual(Object.fromEntries(feeds.map((f) => [`rss-${f}`, items.get(f)])));
    for (const d of docs.filter((d) => d.version > 1)) expect(moved).toContain(d.source);
    // The takeovers are in the survivors' logs.
    const taken = workers.filter((w) => w !== victim).flatMap((w) => eventsOf(w, 'workers.lease_acquired').map((e) => e.lease));
    for (const source of moved) expect(taken).toContain(`source:${source}`);

    // A clean stop releases everything.
    for (const w of workers.filter((w) => w !== victim)) w.kill('SIGTERM');
    expect(await Promise.all(workers.filter((w) => w !== victim).map((w) => w.exited))).toEqual([0, 0]);
    expect((await holders()).size).toBe(0);
  });
});

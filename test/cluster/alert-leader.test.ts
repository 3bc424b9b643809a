import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertDoc } from '../../alerts/alert.ts';
import type { Lease } from '../../index/lease.ts';
import { indexNames } from '../../index/names.ts';
import { setupIndices } from '../../index/setup.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';
import { loopback } from '../helpers/loopback.ts';
import { mention } from '../helpers/mentions.ts';
import { eventsOf, startWorker, type Worker } from '../helpers/workers.ts';

/**
 * Two `rykte run` workers; the one holding the alert engine's lease finds a spike, stores the
 * alert and is killed while Slack makes it wait (429, Retry-After 120 s). The other takes the
 * lease over and sends the alert: Slack accepts it exactly once.
 */
const prefix = `tlead${Date.now().toString(36)}`;
const es = new Client({ node: elasticsearchUrl() });
let dir: string;
let slack: Awaited<ReturnType<typeof loopback>>;
const answers: number[] = [];
let workers: Worker[] = [];

/** `perMinute` mentions of fjallvind in each minute from `fromMin` to `toMin` minutes before now, collected at `arrived` (default: 5 s after publishing). */
function traffic(fromMin: number, toMin: number, perMinute: number, now: number, arrived?: number): Mention[] {
  const out: Mention[] = [];
  for (let m = fromMin; m > toMin; m--) {
    for (let i = 0; i < perMinute; i++) {
      const published = now - m * 60_000 + i * 1000;
      const at = new Date(published).toISOString();
      out.push(mention({ nativeId: `spike-${m}-${i}`, publishedAt: at, collectedAt: new Date(arrived ?? published + 5000).toISOString(), enrichment: { brands: ['fjallvind'] } }));
    }
  }
  return out;
}

async function leader(): Promise<string | null | undefined> {
  const response = await es.get<{ value: Lease }>({ index: `${prefix}-state-v1`, id: 'lease:alerts' }, { ignore: [404] });
  return response._source?.value.owner;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-leader-'));
  slack = await loopback((_req, res) => {
    // The first delivery attempt is told to come back in two minutes; every later one succeeds.
    const status = answers.length === 0 ? 429 : 200;
    answers.push(status);
    res.writeHead(status, status === 429 ? { 'retry-after': '120', 'content-type': 'text/plain' } : { 'content-type': 'text/plain' });
    res.end(status === 429 ? 'rate_limited' : 'ok');
  });
  const names = indexNames(prefix);
  await setupIndices(es, names);
  const now = Date.now();
  await writeMentions(es, names, traffic(40, 10, 2, now), { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
  await writeFile(
    join(dir, 'rykte.yml'),
    [
      'elasticsearch:',
      `  indexPrefix: ${prefix}`,
      `  deadLetterFile: ${join(dir, 'dead.jsonl')}`,
      'workers: { leaseSecs: 4, renewSecs: 1 }',
      'alerts:',
      '  intervalSecs: 1',
      '  queryDelaySecs: 2',
      `  notifiers: { console: false, slack: { webhookUrl: "${slack.url}/services/T/B/hook", retries: 3 } }`,
      '  rules:',
      '    - { name: brand-spike, type: spike, timeframe: { minutes: 10 }, spike_height: 3, threshold_cur: 10, query_key: enrichment.brands, bucketSecs: 60, realert: { hours: 1 } }',
    ].join('\n'),
  );
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await slack.close();
  await deletePrefix(prefix, es);
  await es.close();
});

describe('the alert engine across a leader killed between a spike and its notification', () => {
  it('notifies the spike exactly once, from the worker that takes over', { timeout: 180_000 }, async () => {
    workers = [0, 1].map(() => startWorker(join(dir, 'rykte.yml'), { ELASTICSEARCH_URL: elasticsearchUrl() }));
    // Once the engine has read the quiet past (its first tick saves the rule's state), the spike arrives.
    await vi.waitFor(async () => expect((await es.get({ index: `${prefix}-state-v1`, id: 'alert-rule:brand-spike' }, { ignore: [404] })).found).toBe(true), { timeout: 60_000, interval: 200 });
    const now = Date.now();
    await writeMentions(es, indexNames(prefix), traffic(8, 1, 10, now, now), { refresh: true, deadLetterFile: join(dir, 'dead.jsonl') });
    // The leader stored the alert and is waiting out Slack's Retry-After.
    await vi.waitFor(() => expect(answers).toEqual([429]), { timeout: 60_000, interval: 200 });
    const leaderId = await leader();
    const dead = workers.find((w) => w.id === leaderId)!;
    expect(dead).toBeDefined();
    const stored = await es.search<AlertDoc>({ index: `${prefix}-alerts`, query: { match_all: {} } });
    expect(stored.hits.hits.map((h) => [h._source!.rule, h._source!.key, h._source!.delivery])).toEqual([['brand-spike', 'fjallvind', 'pending']]);
    dead.kill('SIGKILL');
    await dead.exited;

    const survivor = workers.find((w) => w !== dead)!;
    await vi.waitFor(() => expect(answers).toEqual([429, 200]), { timeout: 60_000, interval: 200 });
    expect(await leader()).toBe(survivor.id);
    // Slack's 200 reaches the worker before the worker records it: wait for the record.
    await vi.waitFor(
      async () => {
        await es.indices.refresh({ index: `${prefix}-alerts*` });
        const after = await es.search<AlertDoc>({ index: `${prefix}-alerts`, query: { match_all: {} } });
        expect(after.hits.hits.map((h) => [h._id, h._source!.delivery, h._source!.notifications.map((n) => [n.notifier, n.status])])).toEqual([
          [stored.hits.hits[0]!._id, 'done', [['slack', 'sent']]],
        ]);
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(eventsOf(survivor, 'alerts.resent').map((e) => e.id)).toEqual([stored.hits.hits[0]!._id]);

    // Later ticks of the new leader find the same spike again: silenced, never sent twice.
    await vi.waitFor(() => expect(eventsOf(survivor, 'alerts.silenced').length + eventsOf(survivor, 'alerts.duplicate').length).toBeGreaterThan(0), { timeout: 30_000, interval: 200 });
    survivor.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    expect(answers).toEqual([429, 200]);
  });
});

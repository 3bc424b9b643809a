import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';
import { syntheticTweets, xFixture, xServer } from '../helpers/x-server.ts';

/**
 * `rykte run` as a real process against a loopback X and the real Elasticsearch: killed with
 * SIGKILL in the middle of paginated runs, restarted, and finally stopped with SIGTERM. Whatever
 * the kill interrupted, the index ends up with every tweet exactly once.
 */
const bin = join(import.meta.dirname, '..', '..', 'bin', 'rykte.js');
const token = 'kill-test-bearer-token-987654321';
const prefix = `trun${Date.now().toString(36)}`;
const users = xFixture('search_tweets_query.json').includes.users;
const es = new Client({ node: elasticsearchUrl() });
let dir: string;
let x: Awaited<ReturnType<typeof xServer>>;

function start(): ChildProcess & { stderrText: () => string; exited: Promise<number | null> } {
  const child = spawn('node', [bin, '--config', join(dir, 'rykte.yml'), 'run'], {
    env: { ...process.env, ELASTICSEARCH_URL: elasticsearchUrl(), X_BEARER_TOKEN: token, RYKTE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return Object.assign(child, { stderrText: () => stderr, exited });
}

/** Resolves when the server receives search number `n`, and holds that request open for ever. */
function holdSearch(n: number): Promise<void> {
  return new Promise((reached) => {
    x.state.gate = (count) => {
      if (count < n) return;
      reached();
      return new Promise(() => {});
    };
  });
}

async function indexedIds(): Promise<string[]> {
  await es.indices.refresh({ index: `${prefix}-mentions*` }, { ignore: [404] });
  const response = await es.search({ index: `${prefix}-mentions`, size: 1000, _source: false, query: { term: { platform: 'x' } } }, { ignore: [404] });
  return (response.hits?.hits ?? []).map((h) => h._id!);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-run-'));
  x = await xServer({ tweets: syntheticTweets(300, new Date(Date.now() - 600_000), users), users, limit: 100_000 });
  await writeFile(
    join(dir, 'rykte.yml'),
    [
      'elasticsearch:',
      `  indexPrefix: ${prefix}`,
      `  deadLetterFile: ${join(dir, 'dead.jsonl')}`,
      // A restarted worker is a new worker: it takes over the killed one's lease once it expires.
      'workers: { leaseSecs: 2, renewSecs: 0.5 }',
      'sources:',
      '  - type: twitter',
      '    name: x-brand',
      '    bearerToken: ${X_BEARER_TOKEN}',
      '    queries: ["fjällvind"]',
      `    baseUrl: ${x.url}/2/`,
      '    maxResults: 10',
      '    intervalSecs: 1',
    ].join('\n'),
  );
});
afterAll(async () => {
  await x.close();
  await deletePrefix(prefix, es);
  await es.close();
});

describe('rykte run, killed and restarted', () => {
  it('loses nothing and duplicates nothing across SIGKILLs mid-pagination, and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    // 1. First run: 30 pages of 10; killed while page 8 is in flight.
    // The pipeline indexes the 7 pages it read while the source waits on page 8 (the sink
    // sends what it holds within 100 ms); their cursor may not be committed yet (commits are
    // batched), so the restart may read them again: never skip, never duplicate.
    const paused = holdSearch(8);
    let child = start();
    await paused;
    await vi.waitFor(async () => expect((await indexedIds()).length).toBe(70), { timeout: 20_000, interval: 100 });
    child.kill('SIGKILL');
    expect(await child.exited).toBe(null);

    // 2. New tweets arrive while it is down; the restart is killed again, 6 searches later.
    const fresh = syntheticTweets(50, new Date(), users);
    x.state.tweets.push(...fresh);
    const pausedAgain = holdSearch(x.state.searchCount + 6);
    child = start();
    await pausedAgain;
    await vi.waitFor(async () => expect((await indexedIds()).length).toBeGreaterThan(70), { timeout: 20_000, interval: 100 });
    child.kill('SIGKILL');
    await child.exited;
    const afterSecondKill = await indexedIds();
    expect(afterSecondKill.length).toBeGreaterThan(70);
    expect(afterSecondKill.length).toBeLessThan(350);

    // 3. The last restart catches up; then SIGTERM while a request is in flight.
    x.state.gate = undefined;
    child = start();
    await vi.waitFor(async () => expect((await indexedIds()).length).toBe(350), { timeout: 60_000, interval: 250 });
    const inFlight = holdSearch(x.state.searchCount + 1);
    await inFlight;
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    const stderr = child.stderrText();
    expect(stderr).toContain('"event":"run.stopped"');
    expect(stderr).not.toContain(token);

    const all = [...x.state.tweets.map((t) => `x:${t.id}`)].sort();
    const ids = (await indexedIds()).sort();
    expect(ids).toEqual(all);
    // The committed cursor ends at the newest tweet: the next run asks only for what is newer.
    const newest = fresh.at(-1)!.id;
    const state = await es.get<{ value: unknown }>({ index: `${prefix}-state-v1`, id: 'cursor:x-brand' });
    expect(state._source!.value).toEqual({ queries: { fjällvind: { sinceId: newest } }, round: [] });
  });
});

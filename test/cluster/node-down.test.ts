import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type LocalCluster } from '../../scripts/elasticsearch-cluster.ts';
import { bin } from '../helpers/cli.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';

/**
 * A real 3-node cluster (three JVMs, 256 MB heaps) on loopback. `rykte import` talks to all three
 * nodes; the node holding the primary of the mentions index is stopped in the middle of the
 * import and started again afterwards. The replica takes over, the client retries on the other
 * nodes, and the counts come out exact.
 */
const LINES = 20_000;
const prefix = `tnode${Date.now().toString(36)}`;
let cluster: LocalCluster;
let es: Client;
let dir: string;

beforeAll(async () => {
  cluster = await startCluster({ nodes: 3, heapMb: 256 });
  es = new Client({ nodes: cluster.urls });
  dir = await mkdtemp(join(tmpdir(), 'rykte-node-down-'));
  const lines = Array.from({ length: LINES }, (_, i) => importLine({ id: `n${i}`, text: `Fjällvind ${i}`, publishedAt: '2026-11-20T10:00:00Z' }));
  await writeFile(join(dir, 'in.jsonl'), jsonl(lines));
  await writeFile(
    join(dir, 'rykte.yml'),
    // Small bulk requests: many of them are in flight around the moment the node stops.
    [`elasticsearch:`, `  nodes: [${cluster.urls.join(', ')}]`, `  indexPrefix: ${prefix}`, `  flushBytes: 20000`, `  deadLetterFile: ${join(dir, 'dead.jsonl')}`, 'stories: { enabled: false }'].join('\n'),
  );
});
afterAll(async () => {
  await es?.close();
  await cluster?.stop();
});

const count = async () => {
  await es.indices.refresh({ index: `${prefix}-mentions*` }, { ignore: [404] });
  return (await es.count({ index: `${prefix}-mentions` }, { ignore: [404] })).count ?? 0;
};

describe('rykte on a 3-node cluster', () => {
  it('gives every index one replica, and loses and duplicates nothing when a data node stops mid-import and comes back', { timeout: 600_000 }, async () => {
    const child = spawn('node', [bin, '--config', join(dir, 'rykte.yml'), 'import', join(dir, 'in.jsonl')], {
      env: { ...process.env, ELASTICSEARCH_URL: '', RYKTE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    await vi.waitFor(async () => expect(await count()).toBeGreaterThan(0), { timeout: 120_000, interval: 200 });
    // A healthy cluster loses a node: the month's index was created by the import a moment ago,
    // and only once its replica is built does a copy survive its primary's node.
    await es.cluster.health({ index: `${prefix}-*`, wait_for_status: 'green', timeout: '120s' });
    const index = (await es.cat.indices({ index: `${prefix}-mentions-*`, h: 'index', format: 'json' }))[0]!.index!;
    const settings = await es.indices.getSettings({ index: `${prefix}-*`, name: 'index.number_of_replicas' });
    expect(Object.values(settings).map((s) => s.settings?.index?.number_of_replicas)).toEqual(Object.keys(settings).map(() => '1'));

    const shards = await es.cat.shards({ index, h: 'prirep,node', format: 'json' });
    const primaryNode = shards.find((s) => s.prirep === 'p')!.node!;
    const victim = cluster.nodes.find((n) => n.name === primaryNode)!;
    expect(child.exitCode).toBe(null); // still importing when the node goes
    await victim.stop();

    expect(await exited, stderr).toBe(0);
    expect(stdout.trim()).toBe(`${join(dir, 'in.jsonl')}: ${LINES} indexed, 0 rejected, 0 bad lines`);
    await victim.start();
    expect(await count()).toBe(LINES);
    const errors = await es.count({ index: `${prefix}-errors` }, { ignore: [404] });
    expect(errors.count ?? 0).toBe(0);
  });
});

/**
 * A real Elasticsearch cluster of N nodes from the same distribution as the single local server
 * (scripts/elasticsearch.ts): N JVMs on loopback ports that find each other through
 * `discovery.seed_hosts` and bootstrap with `cluster.initial_master_nodes`, security off. Each
 * node can be stopped and started again on its data directory, to test what rykte does while
 * a node is down. Heaps default to 256 MB: three nodes fit beside everything else on a small
 * machine.
 *
 *   tsx scripts/elasticsearch-cluster.ts 3      (prints the node URLs; Ctrl-C stops the cluster)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chownTree, esHome, esUser, findJdk, freePort, install, resolveDistribution, stopProcess } from './elasticsearch.ts';
import { events } from '../log/events.ts';

export interface ClusterNode {
  name: string;
  url: string;
  /** Stop this node (SIGTERM, as an operator would); its data stays. */
  stop(): Promise<void>;
  /** Start it again on the same ports and data; resolves once the cluster has all its nodes and is green. */
  start(): Promise<void>;
}

export interface LocalCluster {
  urls: string[];
  nodes: ClusterNode[];
  version: string;
  /** Stop every node and remove the data. */
  stop(): Promise<void>;
}

async function waitForCluster(url: string, nodes: number, timeoutSecs: number, children: ChildProcess[], logs: string[]) {
  const deadline = Date.now() + timeoutSecs * 1000;
  while (Date.now() < deadline) {
    const dead = children.findIndex((c) => c.exitCode !== null);
    if (dead >= 0) throw new Error(`elasticsearch cluster: node ${dead + 1} exited with code ${children[dead]!.exitCode} before the cluster formed; see ${logs[dead]}`);
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=green&wait_for_nodes=${nodes}&timeout=2s`);
      const health = (await response.json()) as { status?: string; number_of_nodes?: number };
      if (response.ok && health.status === 'green' && health.number_of_nodes === nodes) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`elasticsearch cluster: not green with ${nodes} nodes after ${timeoutSecs}s; see ${logs.join(', ')}`);
}

export async function startCluster(options: { nodes?: number; heapMb?: number; timeoutSecs?: number } = {}): Promise<LocalCluster> {
  const count = options.nodes ?? 3;
  const heap = options.heapMb ?? 256;
  const timeoutSecs = options.timeoutSecs ?? 240;
  const jdk = findJdk();
  const { version, zip } = resolveDistribution();
  const user = esUser();
  const home = await install(version, zip, jdk.home, user);
  const root = await mkdtemp(join(esHome(), 'cluster-'));
  await chownTree(root, user); // mkdtemp makes it private to us; the nodes run as `user`
  const ports = await Promise.all(Array.from({ length: count }, async () => ({ http: await freePort(), transport: await freePort() })));
  const names = ports.map((_, i) => `node-${i + 1}`);
  const clusterName = `rykte-cluster-${ports[0]!.http}`;
  const children: ChildProcess[] = [];
  const logs: string[] = [];

  async function spawnNode(i: number) {
    const dir = join(root, names[i]!);
    await mkdir(join(dir, 'tmp'), { recursive: true });
    await chownTree(dir, user);
    const settings = {
      'node.name': names[i],
      'cluster.name': clusterName,
      'network.host': '127.0.0.1',
      'http.port': ports[i]!.http,
      'transport.port': ports[i]!.transport,
      'discovery.seed_hosts': ports.map((p) => `127.0.0.1:${p.transport}`).join(','),
      // Only read when the cluster first forms; a restarted node rejoins by its stored state.
      'cluster.initial_master_nodes': names.join(','),
      'path.data': join(dir, 'data'),
      'path.logs': join(dir, 'logs'),
      'xpack.security.enabled': false,
      'cluster.routing.allocation.disk.threshold_enabled': false,
    };
    logs[i] = join(dir, 'console.log');
    const out = openSync(logs[i]!, 'a');
    children[i] = spawn(join(home, 'bin', 'elasticsearch'), Object.entries(settings).flatMap(([k, v]) => ['-E', `${k}=${v}`]), {
      env: { ...process.env, ES_JAVA_HOME: jdk.home, ES_JAVA_OPTS: `-Xms${heap}m -Xmx${heap}m`, ES_TMPDIR: join(dir, 'tmp') },
      stdio: ['ignore', out, out],
      detached: true,
      ...(user ?? {}),
    });
  }

  const urls = ports.map((p) => `http://127.0.0.1:${p.http}`);
  const killAll = () => children.forEach((c) => c.exitCode === null && c.pid && tryKill(c.pid));
  process.once('exit', killAll);
  const stopAll = async (keepLogs = false) => {
    await Promise.all(children.map((c) => c.pid && stopProcess(c.pid)));
    process.removeListener('exit', killAll);
    // Retries: a node's server JVM may still be closing files for a moment after its launcher exited.
    if (!keepLogs) await rm(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    events.elasticsearchStopped(urls.join(','));
  };
  try {
    for (let i = 0; i < count; i++) await spawnNode(i);
    await waitForCluster(urls[0]!, count, timeoutSecs, children, logs);
  } catch (error) {
    await stopAll(true); // the error names the logs to read
    throw error;
  }
  events.elasticsearchStarted(urls.join(','), version);
  const nodes: ClusterNode[] = names.map((name, i) => ({
    name,
    url: urls[i]!,
    stop: async () => {
      await stopProcess(children[i]!.pid!);
      await new Promise((r) => (children[i]!.exitCode === null ? children[i]!.once('exit', r) : r(undefined)));
    },
    start: async () => {
      await spawnNode(i);
      await waitForCluster(urls[i]!, count, timeoutSecs, children, logs);
    },
  }));
  return { urls, nodes, version, stop: () => stopAll() };
}

function tryKill(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startCluster({ nodes: Number(process.argv[2] ?? 3) }).then(
    (cluster) => {
      console.log(cluster.urls.join(','));
      const stop = () => void cluster.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}

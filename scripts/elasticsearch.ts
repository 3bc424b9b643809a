/**
 * A real Elasticsearch for development, tests and the demo, with nothing installed by hand:
 * fetch the minimal distribution (integ-test-zip) from Maven Central with `mvn`, cache it,
 * run it as an unprivileged user (Elasticsearch refuses root) with a JDK >= 21, bound to
 * 127.0.0.1 on free ports, single-node, security off (on, with users, roles and HTTPS, through
 * the `security` option: scripts/elasticsearch-security.ts), wait for green, stop cleanly.
 *
 *   tsx scripts/elasticsearch.ts start|stop|status      (also: rykte es start|stop|status)
 *
 * Environment: RYKTE_ES_VERSION (pin a version), RYKTE_ES_HOME (cache and data; default
 * $TMPDIR/rykte-elasticsearch, readable by the unprivileged user), ES_JAVA_HOME (pin a JDK),
 * RYKTE_ES_USER (the unprivileged user when run as root; default rykte-es).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { events } from '../log/events.ts';
import { prepareSecurity, type SecurityOptions } from './elasticsearch-security.ts';

const GROUP = 'org.elasticsearch.distribution.integ-test-zip';
/**
 * Newest first; the first one cached (or else the first Maven resolves) is used. Not every
 * 9.x patch release of this artifact is on Maven Central (9.3.0 was missing on the day we
 * looked), hence a list. 9.x needs JDK >= 21; the 9.x client does not talk to 8.x servers.
 */
const VERSIONS = ['9.3.0', '9.2.4', '9.1.5', '9.0.0'];
/** The unprivileged system user Elasticsearch runs as when rykte runs as root; created on first use. */
const ES_USER = process.env.RYKTE_ES_USER ?? 'rykte-es';

export const esHome = () => process.env.RYKTE_ES_HOME ?? join(tmpdir(), 'rykte-elasticsearch');
const localStateFile = () => join(esHome(), 'local.json');

function javaMajor(home: string): number {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const v = /JAVA_VERSION="(\d+)/.exec(release)?.[1];
    return v ? Number(v) : 0;
  } catch {
    return 0;
  }
}

/** The newest JDK on the machine (ES_JAVA_HOME, JAVA_HOME, then /usr/lib/jvm/*). */
export function findJdk(): { home: string; major: number } {
  if (process.env.ES_JAVA_HOME) return { home: process.env.ES_JAVA_HOME, major: javaMajor(process.env.ES_JAVA_HOME) };
  const candidates = process.env.JAVA_HOME ? [process.env.JAVA_HOME] : [];
  if (existsSync('/usr/lib/jvm')) candidates.push(...readdirSync('/usr/lib/jvm').map((d) => join('/usr/lib/jvm', d)));
  const found = candidates.map((home) => ({ home, major: javaMajor(home) })).sort((a, b) => b.major - a.major)[0];
  if (!found || found.major < 21) {
    throw new Error(`elasticsearch: Elasticsearch 9 needs a JDK >= 21; the newest found is ${found ? `${found.major} at ${found.home}` : 'none'} (looked at ES_JAVA_HOME, JAVA_HOME, /usr/lib/jvm)`);
  }
  return found;
}

const m2zip = (v: string) =>
  join(process.env.M2_REPO ?? join(homedir(), '.m2', 'repository'), ...GROUP.split('.'), 'elasticsearch', v, `elasticsearch-${v}.zip`);

/** Find a cached distribution or fetch one with Maven; returns the version and the zip. */
export function resolveDistribution(): { version: string; zip: string } {
  const wanted = process.env.RYKTE_ES_VERSION ? [process.env.RYKTE_ES_VERSION] : VERSIONS;
  const cached = wanted.find((v) => existsSync(m2zip(v)));
  if (cached) return { version: cached, zip: m2zip(cached) };
  const failures: string[] = [];
  for (const version of wanted) {
    try {
      execFileSync(
        'mvn',
        ['-q', '-B', 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:get', `-Dartifact=${GROUP}:elasticsearch:${version}:zip`, '-Dtransitive=false'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      if (existsSync(m2zip(version))) return { version, zip: m2zip(version) };
    } catch (error) {
      const out = String((error as { stdout?: Buffer }).stdout ?? '') + String((error as { stderr?: Buffer }).stderr ?? '');
      failures.push(`${version}: ${out.split('\n').find((l) => l.includes('ERROR')) ?? (error as Error).message}`);
    }
  }
  throw new Error(`elasticsearch: could not fetch ${GROUP}:elasticsearch with mvn:\n${failures.join('\n')}`);
}

function isRoot() {
  return process.getuid?.() === 0;
}

/** uid/gid of the unprivileged user that runs Elasticsearch when we are root (created once). */
export function esUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, ES_USER], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ES_USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

export async function chownTree(path: string, user: { uid: number; gid: number } | undefined) {
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, path]);
}

/** Unpack the zip once into the cache (atomically: concurrent starts don't see half a tree). */
export async function install(version: string, zip: string, jdkHome: string, user: { uid: number; gid: number } | undefined): Promise<string> {
  const home = join(esHome(), `elasticsearch-${version}`);
  if (existsSync(join(home, 'bin', 'elasticsearch'))) return home;
  await mkdir(esHome(), { recursive: true, mode: 0o755 });
  const staging = await mkdtemp(join(esHome(), 'unpack-'));
  try {
    execFileSync('unzip', ['-q', zip, '-d', staging]);
  } catch {
    execFileSync(join(jdkHome, 'bin', 'jar'), ['xf', zip], { cwd: staging });
  }
  await chownTree(staging, user);
  await rename(join(staging, `elasticsearch-${version}`), home).catch(() => undefined);
  await rm(staging, { recursive: true, force: true });
  return home;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LocalElasticsearch {
  url: string;
  version: string;
  pid: number;
  dataDir: string;
  /** With `security.tls`: the CA that signed the node's certificate. */
  tls?: { caFile: string; caFingerprint: string };
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Keep data here (the demo); default: a fresh directory removed on stop (tests). */
  dataDir?: string;
  /** Leave it running after this process exits (the demo); stop with `rykte es stop`. */
  detached?: boolean;
  heapMb?: number;
  timeoutSecs?: number;
  /** Security on: file-realm users, roles, HTTPS (scripts/elasticsearch-security.ts). */
  security?: SecurityOptions;
}

async function isGreen(url: string): Promise<boolean> {
  const response = await fetch(`${url}/_cluster/health?wait_for_status=green&timeout=2s`);
  return response.ok && ((await response.json()) as { status: string }).status === 'green';
}

async function waitForGreen(url: string, child: ChildProcess, logFile: string, timeoutSecs: number, probe = isGreen) {
  const deadline = Date.now() + timeoutSecs * 1000;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`elasticsearch: exited with code ${exited} before it was ready; last lines of ${logFile}:\n${tail}`);
    }
    try {
      if (await probe(url)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`elasticsearch: not green after ${timeoutSecs}s; see ${logFile}`);
}

export function stopProcess(pid: number, timeoutMs = 30_000): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return Promise.resolve();
  process.kill(pid, 'SIGTERM');
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (!alive()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        process.kill(pid, 'SIGKILL');
      }
    }, 200);
  });
}

export async function startElasticsearch(options: StartOptions = {}): Promise<LocalElasticsearch> {
  const jdk = findJdk();
  const { version, zip } = resolveDistribution();
  const user = esUser();
  const home = await install(version, zip, jdk.home, user);
  const ephemeral = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(join(esHome(), 'data-')));
  await mkdir(join(dataDir, 'tmp'), { recursive: true });
  const secure = options.security && (await prepareSecurity(home, dataDir, jdk.home, options.security));
  await chownTree(dataDir, user);
  const [httpPort, transportPort] = [await freePort(), await freePort()];
  const url = `${secure?.tls ? 'https' : 'http'}://127.0.0.1:${httpPort}`;
  const logFile = join(dataDir, 'console.log');
  const out = openSync(logFile, 'a');
  const heap = options.heapMb ?? 512;
  const settings = {
    'discovery.type': 'single-node',
    'network.host': '127.0.0.1',
    'http.port': httpPort,
    'transport.port': transportPort,
    'path.data': join(dataDir, 'data'),
    'path.logs': join(dataDir, 'logs'),
    'cluster.name': `rykte-${httpPort}`,
    'xpack.security.enabled': false,
    // Small disks must not turn indices read-only in the middle of a test run.
    'cluster.routing.allocation.disk.threshold_enabled': false,
    ...secure?.settings,
  };
  const child = spawn(join(home, 'bin', 'elasticsearch'), Object.entries(settings).flatMap(([k, v]) => ['-E', `${k}=${v}`]), {
    env: { ...process.env, ES_JAVA_HOME: jdk.home, ES_JAVA_OPTS: `-Xms${heap}m -Xmx${heap}m`, ES_TMPDIR: join(dataDir, 'tmp'), ...secure?.env },
    stdio: ['ignore', out, out],
    detached: true,
    ...(user ?? {}),
  });
  const pid = child.pid!;
  const stop = async () => {
    await stopProcess(pid);
    if (ephemeral) await rm(dataDir, { recursive: true, force: true });
    events.elasticsearchStopped(url);
  };
  const killOnExit = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  if (!options.detached) process.once('exit', killOnExit);
  try {
    await waitForGreen(url, child, logFile, options.timeoutSecs ?? 180, secure ? secure.probe : undefined);
  } catch (error) {
    await stop();
    throw error;
  }
  if (options.detached) {
    child.unref();
    await writeFile(localStateFile(), JSON.stringify({ url, pid, version, dataDir }));
  }
  events.elasticsearchStarted(url, version);
  return { url, version, pid, dataDir, ...(secure?.tls ? { tls: secure.tls } : {}), stop };
}

/** The detached local server `rykte es start` left running, if it still answers. */
export async function readLocalElasticsearch(): Promise<{ url: string; pid: number; version: string; dataDir: string } | undefined> {
  try {
    const state = JSON.parse(await readFile(localStateFile(), 'utf8'));
    const response = await fetch(`${state.url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Start the persistent local server (demo data kept in RYKTE_ES_HOME/demo) unless it runs. */
export async function ensureLocalElasticsearch(): Promise<{ url: string; version: string; started: boolean }> {
  const running = await readLocalElasticsearch();
  if (running) return { ...running, started: false };
  const es = await startElasticsearch({ dataDir: join(esHome(), 'demo'), detached: true });
  return { url: es.url, version: es.version, started: true };
}

export async function stopLocalElasticsearch(): Promise<boolean> {
  const running = await readLocalElasticsearch();
  if (!running) return false;
  await stopProcess(running.pid);
  await rm(localStateFile(), { force: true });
  events.elasticsearchStopped(running.url);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2] ?? 'status';
  const run = async () => {
    if (command === 'start') console.log((await ensureLocalElasticsearch()).url);
    else if (command === 'stop') console.log((await stopLocalElasticsearch()) ? 'stopped' : 'not running');
    else console.log((await readLocalElasticsearch())?.url ?? 'not running');
  };
  run().catch((error) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}

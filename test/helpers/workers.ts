import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { bin } from './cli.ts';

export type Worker = ChildProcess & { id: string; stderrText(): string; exited: Promise<number | null> };

/**
 * `rykte run` as a real process, with the default worker id `<hostname>:<pid>` so tests can
 * match leases to processes. Logs (JSON lines) are kept for assertions.
 */
export function startWorker(config: string, env: Record<string, string>): Worker {
  const child = spawn('node', [bin, '--config', config, 'run'], {
    env: { ...process.env, RYKTE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return Object.assign(child, { id: `${hostname()}:${child.pid}`, stderrText: () => stderr, exited });
}

/** Parsed log lines of a worker with the given event name. */
export const eventsOf = (worker: Worker, event: string) =>
  worker
    .stderrText()
    .split('\n')
    .filter((l) => l.includes(`"event":"${event}"`))
    .map((l) => JSON.parse(l) as Record<string, any>);

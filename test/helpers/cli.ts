import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { elasticsearchUrl } from './elasticsearch.ts';

export const bin = join(import.meta.dirname, '..', '..', 'bin', 'rykte.js');
const run = promisify(execFile);

/** `rykte` with extra environment variables (e.g. secrets the config interpolates). */
export function rykteWith(env: Record<string, string>) {
  return async (config: string, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', [bin, '--config', config, ...args], {
        env: { ...process.env, ELASTICSEARCH_URL: elasticsearchUrl(), RYKTE_LOG_LEVEL: 'warn', COLUMNS: '200', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

/** Run the real `rykte` binary with a config file against the test cluster; never throws, returns the exit code. */
export const rykte = rykteWith({});

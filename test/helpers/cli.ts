import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { elasticsearchUrl } from './elasticsearch.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'rykte.js');
const run = promisify(execFile);

/** Run `rykte` with a config file against the test cluster; never throws, returns the exit code. */
export async function rykte(config: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [bin, '--config', config, ...args], {
      env: { ...process.env, ELASTICSEARCH_URL: elasticsearchUrl(), RYKTE_LOG_LEVEL: 'warn', COLUMNS: '200' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

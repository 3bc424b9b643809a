import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bin } from '../helpers/cli.ts';
import { cutProxy } from '../helpers/cut-proxy.ts';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';

const prefix = `twait${Date.now().toString(36)}`;
afterAll(() => deletePrefix(prefix));

describe('rykte run with Elasticsearch down at start', () => {
  it('waits with backoff, saying so at each try, and starts once the cluster answers', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rykte-wait-'));
    await writeFile(join(dir, 'rykte.yml'), `elasticsearch:\n  indexPrefix: ${prefix}\n  deadLetterFile: ${join(dir, 'dead.jsonl')}\n`);
    const proxy = await cutProxy(elasticsearchUrl(), { open: false });
    const child = spawn('node', [bin, '--config', join(dir, 'rykte.yml'), 'run'], {
      env: { ...process.env, ELASTICSEARCH_URL: proxy.url, RYKTE_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const events = () => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    try {
      await vi.waitFor(() => expect(events().filter((e) => e.event === 'elasticsearch.waiting').length).toBeGreaterThanOrEqual(2), { timeout: 30_000, interval: 200 });
      const waits = events().filter((e) => e.event === 'elasticsearch.waiting');
      expect(waits.slice(0, 2).map((e) => [e.attempt, e.waitMs])).toEqual([[1, 1000], [2, 2000]]);
      expect(waits[0].msg).toMatch(/^elasticsearch: not reachable \(.*ECONNREFUSED.*\); try 2 in 1 s$/);
      await proxy.restore();
      await vi.waitFor(() => expect(events().some((e) => e.event === 'run.started')).toBe(true), { timeout: 60_000, interval: 200 });
      expect(events().find((e) => e.event === 'elasticsearch.reached')).toMatchObject({ attempts: waits.length + 1 });
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await proxy.close();
    }
  });
});

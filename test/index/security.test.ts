import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../config/load.ts';
import { createClient } from '../../index/client.ts';
import { indexNames } from '../../index/names.ts';
import { createWebServer } from '../../web/server.ts';
import { elasticsearchTls } from '../../index/tls.ts';
import { startElasticsearch, type LocalElasticsearch } from '../../scripts/elasticsearch.ts';
import { bin, rykteWith } from '../helpers/cli.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';

/**
 * One node with security and HTTPS on (file-realm users, roles from roles.yml, certificates
 * from the distribution's own elasticsearch-certutil), started once for this file. Each role
 * is exactly as README "Roles and privileges" documents it.
 */
const prefix = 'sec';
const indices = [`${prefix}-*`];
const roles = {
  rykte_setup: { cluster: ['monitor', 'manage_index_templates'], indices: [{ names: indices, privileges: ['manage', 'write', 'read'] }] },
  rykte_ingest: { cluster: [], indices: [{ names: indices, privileges: ['create_index', 'write', 'read', 'view_index_metadata'] }] },
  rykte_reader: { cluster: [], indices: [{ names: indices, privileges: ['read'] }] },
};
const users = {
  admin: { password: 'admin-password-1', roles: ['superuser'] },
  setup: { password: 'setup-password-1', roles: ['rykte_setup'] },
  ingest: { password: 'ingest-password-1', roles: ['rykte_ingest'] },
  reader: { password: 'reader-password-1', roles: ['rykte_reader'] },
};
type User = keyof typeof users;

let es: LocalElasticsearch;
let dir: string;
let admin: Client;
const config = () => join(dir, 'rykte.yml');
const as = (user: User, password = users[user].password) => rykteWith({ ES_USER: user, ES_PASSWORD: password });

beforeAll(async () => {
  es = await startElasticsearch({ heapMb: 256, security: { users, roles } });
  dir = await mkdtemp(join(tmpdir(), 'rykte-security-'));
  await writeFile(join(dir, 'day1.jsonl'), jsonl([importLine({ id: 'a1' }), importLine({ id: 'a2' }), importLine({ id: 'a3' })]));
  await writeFile(join(dir, 'day2.jsonl'), jsonl([importLine({ id: 'b1' }), importLine({ id: 'b2' })]));
  await writeFile(
    config(),
    [
      'elasticsearch:',
      `  url: ${es.url}`,
      '  username: ${ES_USER}',
      '  password: ${ES_PASSWORD}',
      `  indexPrefix: ${prefix}`,
      '  tls:',
      `    ca: ${es.tls!.caFile}`,
      'sources:',
      '  - { type: import, name: day2, path: day2.jsonl }',
    ].join('\n'),
  );
  admin = await createClient({ elasticsearch: { url: es.url, username: 'admin', password: users.admin.password, tls: { ca: es.tls!.caFile } } } as never);
}, 240_000);
afterAll(async () => {
  await admin?.close();
  await es?.stop();
});

const count = async () => (await admin.count({ index: `${prefix}-mentions` })).count;

// Every step runs the real `rykte` binary (a Node start each): generous timeouts for busy machines.
describe('least privilege on a cluster with security on', { timeout: 120_000 }, () => {
  it('an ingest credential cannot set up the indices, and says to run `rykte setup` with an admin credential', async () => {
    const result = await as('ingest')(config(), 'import', join(dir, 'day1.jsonl'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("elasticsearch: rykte's indices under `sec` are not set up and this credential may not install index templates (security_exception: action [cluster:monitor/nodes/info] is unauthorized for user [ingest]");
    expect(result.stderr).toContain('run `rykte setup` once with an admin credential');
  });

  it('`rykte setup` with the setup role installs the templates and indices', async () => {
    const result = await as('setup')(config(), 'setup');
    expect([result.code, result.stdout.trim()]).toEqual([0, `installed 5 index templates: ${['mentions', 'errors', 'state', 'stories', 'alerts'].map((k) => `sec-${k}-v1`).join(', ')}`]);
  });

  it('`rykte import` and `rykte once` index with create_index, write, read and view_index_metadata only (no refresh, no cluster privilege)', async () => {
    const imported = await as('ingest')(config(), 'import', join(dir, 'day1.jsonl'));
    expect([imported.code, imported.stdout.trim()]).toEqual([0, `${join(dir, 'day1.jsonl')}: 3 indexed, 0 rejected, 0 bad lines`]);
    const once = await as('ingest')(config(), 'once');
    expect([once.code, once.stdout.trim()]).toEqual([0, 'day2: 2 indexed, 0 rejected, 0 problems']);
    await admin.indices.refresh({ index: `${prefix}-*` });
    expect(await count()).toBe(5);
  });

  it('`rykte run` runs with the ingest role until stopped', async () => {
    await writeFile(join(dir, 'day2.jsonl'), jsonl([importLine({ id: 'b1' }), importLine({ id: 'b2' }), importLine({ id: 'c1' })]));
    const child = spawn('node', [bin, '--config', config(), 'run'], {
      env: { ...process.env, ES_USER: 'ingest', ES_PASSWORD: users.ingest.password, RYKTE_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!stderr.includes('"event":"ingest.collected"') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('day2: collected 1, indexed 1, rejected 0');
    // Nothing refused that matters: no warning or error (a skipped refresh is logged at info).
    const lines = stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });

  it('a reader searches, lists stories and reads status with `read` only, and cannot write', async () => {
    await admin.indices.refresh({ index: `${prefix}-*` });
    const search = await as('reader')(config(), 'search', '--json');
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout).mentions.map((m: { nativeId: string }) => m.nativeId).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'c1']);
    for (const args of [['stories'], ['status']]) expect((await as('reader')(config(), ...args)).code).toBe(0);
    const write = await as('reader')(config(), 'import', '--from-start', join(dir, 'day1.jsonl'));
    expect(write.code).toBe(1);
    expect(write.stdout).toContain('0 indexed, 0 rejected, 0 bad lines; stopped: elasticsearch: permission denied for user "reader" (security_exception: action [indices:data/write/bulk] is unauthorized for user [reader]');
  });

  it('`rykte serve` renders every page with `read` only', async () => {
    const config = parseConfig({ elasticsearch: { indexPrefix: prefix } }, join(dir, 'serve.yml'));
    const client = await createClient({ elasticsearch: { url: es.url, username: 'reader', password: users.reader.password, tls: { ca: es.tls!.caFile } } } as never);
    const server = createWebServer({ client, names: indexNames(prefix), config });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const statuses = [];
      for (const page of ['/', '/stories', '/story?id=x:a1', '/authors', '/network', '/search?q=hej']) statuses.push([page, (await fetch(base + page)).status]);
      expect(statuses).toEqual([['/', 200], ['/stories', 200], ['/story?id=x:a1', 200], ['/authors', 200], ['/network', 200], ['/search?q=hej', 200]]);
    } finally {
      server.closeAllConnections();
      server.close();
      await client.close();
    }
  });

  // Creating an API key needs the .security index, whose mapping needs the analysis-common
  // module the minimal distribution lacks ("Unknown filter type [pattern_capture]"): only the
  // refusal of a key can be tested here.
  it('an API key the cluster does not know is refused with the reason, and never printed', async () => {
    const withKey = join(dir, 'api-key.yml');
    await writeFile(withKey, ['elasticsearch:', `  url: ${es.url}`, '  apiKey: ${ES_API_KEY}', `  indexPrefix: ${prefix}`, '  tls:', `    ca: ${es.tls!.caFile}`].join('\n'));
    const secret = 'not-a-key-s3cr3t-value';
    const key = Buffer.from(`rykte-key-id:${secret}`).toString('base64');
    const refused = await rykteWith({ ES_API_KEY: key })(withKey, 'status');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^elasticsearch: authentication failed \(security_exception: unable to authenticate with provided credentials and anonymous access is not allowed for this request[^)]*\); check elasticsearch.username\/password or apiKey$/);
    for (const s of [key, secret]) expect(refused.stdout + refused.stderr).not.toContain(s);
  });

  it('a wrong password is reported as such, with the reason Elasticsearch gave', async () => {
    const result = await as('ingest', 'not-the-password')(config(), 'status');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^elasticsearch: authentication failed for user "ingest" \(security_exception: unable to authenticate user \[ingest\] for REST request \[[^\]]+\]\); check elasticsearch.username\/password or apiKey$/);
  });
});

describe('TLS with certificates from elasticsearch-certutil', { timeout: 60_000 }, () => {
  const login = { username: 'reader', password: users.reader.password };
  const connect = async (tls?: Record<string, unknown>) => {
    const client = await createClient({ elasticsearch: { url: es.url, ...login, ...(tls ? { tls: elasticsearchTls.parse(tls) } : {}) } } as never);
    try {
      return (await client.security.authenticate()).username;
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.close();
    }
  };

  it('trusts the cluster by its CA file or by the CA fingerprint, and refuses it otherwise', async () => {
    expect(await connect({ ca: es.tls!.caFile })).toBe('reader');
    expect(await connect({ caFingerprint: es.tls!.caFingerprint })).toBe('reader');
    expect(await connect({ caFingerprint: es.tls!.caFingerprint.replace(/:/g, '').toLowerCase() })).toBe('reader');
    expect(await connect()).toBe('self-signed certificate in certificate chain');
    // Another first byte (the real one is 00 once in 256 certificates).
    const wrong = `${es.tls!.caFingerprint.startsWith('00') ? 'FF' : '00'}${es.tls!.caFingerprint.slice(2)}`;
    expect(await connect({ caFingerprint: wrong })).toBe('Server certificate CA fingerprint does not match the value configured in caFingerprint');
    expect(await connect({ rejectUnauthorized: false })).toBe('reader');
  });

  it('a CA file that cannot be read is named in the error', async () => {
    await expect(createClient({ elasticsearch: { url: es.url, tls: { ca: 'missing-ca.crt' } }, baseDir: dir } as never)).rejects.toThrow(`elasticsearch: cannot read elasticsearch.tls.ca ${join(dir, 'missing-ca.crt')}: ENOENT`);
  });
});

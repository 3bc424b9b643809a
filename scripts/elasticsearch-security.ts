/**
 * Security for a node started by scripts/elasticsearch.ts: its own config directory
 * (ES_PATH_CONF) with file-realm users made by the distribution's `bin/elasticsearch-users`,
 * roles in `roles.yml`, and HTTPS with a CA and node certificate made by its own
 * `bin/elasticsearch-certutil`. Each tool run is a JVM start (a second or two); tests that
 * need this start one such node per test file.
 *
 * The minimal distribution cannot create the `.security` index, so only the file realm
 * works: API keys and native users are not available on such a node.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SecurityOptions {
  /** File-realm users: name → password and role names (`superuser` is built in). */
  users: Record<string, { password: string; roles: string[] }>;
  /** Roles written to `roles.yml`, each as an Elasticsearch role descriptor. */
  roles?: Record<string, unknown>;
  /** HTTPS with a certificate of a fresh CA made by `elasticsearch-certutil`. @default true */
  tls?: boolean;
}

export interface PreparedSecurity {
  /** `-E` settings to start the node with. */
  settings: Record<string, string | boolean>;
  /** ES_PATH_CONF for the node. */
  env: Record<string, string>;
  /** The CA certificate (PEM) and its SHA-256 fingerprint, when TLS is on. */
  tls?: { caFile: string; caFingerprint: string };
  /** Readiness probe for the secured node, as the first `superuser` user. */
  probe(url: string): Promise<boolean>;
}

/** Lay out the config directory under `dataDir`; the caller chowns it to the node's user. */
export async function prepareSecurity(home: string, dataDir: string, jdkHome: string, options: SecurityOptions): Promise<PreparedSecurity> {
  const conf = join(dataDir, 'config');
  await mkdir(conf, { recursive: true });
  for (const file of ['elasticsearch.yml', 'jvm.options', 'jvm.options.d', 'log4j2.properties', 'role_mapping.yml']) {
    await cp(join(home, 'config', file), join(conf, file), { recursive: true });
  }
  await writeFile(join(conf, 'users'), '');
  await writeFile(join(conf, 'users_roles'), '');
  // roles.yml is YAML; JSON is YAML, so each descriptor is written as it is documented.
  await writeFile(join(conf, 'roles.yml'), Object.entries(options.roles ?? {}).map(([name, role]) => `${name}: ${JSON.stringify(role)}\n`).join(''));
  const env = { ...process.env, ES_PATH_CONF: conf, ES_JAVA_HOME: jdkHome };
  const tool = (name: string, args: string[]) => execFileSync(join(home, 'bin', name), args, { env, cwd: conf, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [name, user] of Object.entries(options.users)) {
    tool('elasticsearch-users', ['useradd', name, '-p', user.password, '-r', user.roles.join(',')]);
  }

  const settings: Record<string, string | boolean> = {
    'xpack.security.enabled': true,
    // Only the file realm: the native realm needs the `.security` index this distribution lacks.
    'xpack.security.authc.realms.file.file1.order': '0',
  };
  let tls: PreparedSecurity['tls'];
  if (options.tls ?? true) {
    tool('elasticsearch-certutil', ['ca', '--pem', '--silent', '--days', '30', '--out', join(conf, 'ca.zip')]);
    unzip(join(conf, 'ca.zip'), conf, jdkHome);
    tool('elasticsearch-certutil', [
      'cert', '--pem', '--silent', '--days', '30', '--name', 'node', '--ip', '127.0.0.1', '--dns', 'localhost',
      '--ca-cert', join(conf, 'ca', 'ca.crt'), '--ca-key', join(conf, 'ca', 'ca.key'), '--out', join(conf, 'node.zip'),
    ]);
    unzip(join(conf, 'node.zip'), conf, jdkHome);
    // The node sends its CA along with its certificate (as Elasticsearch's auto-configured
    // HTTPS does), so a client can pin the CA by fingerprint without having its file.
    const caPem = await readFile(join(conf, 'ca', 'ca.crt'), 'utf8');
    await writeFile(join(conf, 'node', 'chain.crt'), (await readFile(join(conf, 'node', 'node.crt'), 'utf8')) + caPem);
    Object.assign(settings, {
      'xpack.security.http.ssl.enabled': true,
      'xpack.security.http.ssl.certificate': join(conf, 'node', 'chain.crt'),
      'xpack.security.http.ssl.key': join(conf, 'node', 'node.key'),
      'xpack.security.http.ssl.certificate_authorities': join(conf, 'ca', 'ca.crt'),
    });
    tls = { caFile: join(conf, 'ca', 'ca.crt'), caFingerprint: fingerprint(caPem) };
  }

  const admin = Object.entries(options.users).find(([, u]) => u.roles.includes('superuser'));
  const ca = tls ? await readFile(tls.caFile, 'utf8') : undefined;
  return {
    settings,
    env: { ES_PATH_CONF: conf },
    tls,
    async probe(url) {
      const { Agent, fetch } = await import('undici');
      const dispatcher = new Agent({ connect: ca ? { ca } : {} });
      try {
        const headers: Record<string, string> = admin ? { authorization: `Basic ${Buffer.from(`${admin[0]}:${admin[1].password}`).toString('base64')}` } : {};
        const response = await fetch(`${url}/_cluster/health?wait_for_status=green&timeout=2s`, { headers, dispatcher });
        return response.ok && ((await response.json()) as { status: string }).status === 'green';
      } finally {
        await dispatcher.close();
      }
    },
  };
}

/** SHA-256 of a PEM certificate as Elasticsearch prints it: upper-case hex pairs joined by `:`. */
export function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

function unzip(zip: string, into: string, jdkHome: string) {
  try {
    execFileSync('unzip', ['-q', '-o', zip, '-d', into]);
  } catch {
    execFileSync(join(jdkHome, 'bin', 'jar'), ['xf', zip], { cwd: into });
  }
}

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.ts';
import { registerConfigured, registerSecret, registerSecretUrl, registerUrl } from '../log/redact.ts';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`config: ${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const placeholder = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replace `${NAME}` and `${NAME:-default}` in every string of the parsed YAML (`$$` is a
 * literal `$`). Interpolated values are registered as secrets so they never reach a log.
 */
export function interpolate(node: unknown, env: NodeJS.ProcessEnv, path: string, problems: string[]): unknown {
  if (typeof node === 'string') {
    return node.replace(placeholder, (match, name: string | undefined, fallback: string | undefined) => {
      if (match === '$$') return '$';
      const value = env[name!];
      if (value !== undefined && value !== '') {
        // Anything from the environment may be a credential, except a user name: hiding it
        // would also hide it in Elasticsearch's messages about that user.
        if (!path.endsWith('username')) registerSecret(value);
        return value;
      }
      if (fallback !== undefined) return fallback;
      problems.push(`${path || '(root)'}: environment variable \`${name}\` is not set`);
      return match;
    });
  }
  if (Array.isArray(node)) return node.map((v, i) => interpolate(v, env, `${path}[${i}]`, problems));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, interpolate(v, env, path ? `${path}.${k}` : k, problems)]),
    );
  }
  return node;
}

export function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** One line per issue, p-queue style: "sources[0].intervalSecs: Expected ..., got `-1`". */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = formatPath(issue.path) || '(root)';
    let input = 'input' in issue && issue.code !== 'unrecognized_keys' ? issue.input : undefined;
    // A wrong `type` fails the discriminated union: show the type, not the whole object.
    if (issue.code === 'invalid_union' && 'discriminator' in issue && input && typeof input === 'object') {
      input = (input as Record<string, unknown>)[issue.discriminator as string];
    }
    const got = input !== undefined ? `, got \`${JSON.stringify(input)}\`` : '';
    return `${where}: ${issue.message}${got}`;
  });
}

export function parseConfig(raw: unknown, file: string, env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const interpolated = interpolate(raw ?? {}, env, '', problems);
  if (problems.length) throw new ConfigError(file, problems);
  const parsed = configSchema.safeParse(interpolated, { reportInput: true });
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error));
  registerConfigSecrets(parsed.data);
  return { ...parsed.data, baseDir: dirname(resolve(file)) };
}

/** Keys whose values are credentials, wherever they are in the config. */
const secretKey = /(token|password|secret|apikey|authorization)$/i;
/** Keys whose values are URLs that are credentials as a whole (webhooks). */
const secretUrlKey = /^webhookUrl$/;

/**
 * Tell the redaction (log/redact.ts) what in this config is secret, whether or not the unit
 * that uses it runs in this command: credentials by their key, the query strings and
 * passwords of all URLs, and the source settings that may key a stored cursor.
 */
function registerConfigSecrets(config: z.infer<typeof configSchema>) {
  const walk = (node: unknown, path: string, visit: (s: string, path: string) => void): void => {
    if (typeof node === 'string') visit(node, path);
    else if (Array.isArray(node)) node.forEach((v) => walk(v, path, visit));
    else if (node && typeof node === 'object') Object.entries(node).forEach(([k, v]) => walk(v, `${path}.${k}`, visit));
  };
  walk(config, '', (value, path) => {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (secretUrlKey.test(key) || path.endsWith('.notifiers.webhook.url')) registerSecretUrl(value);
    else if (secretKey.test(key)) registerSecret(value);
    else if (config.security.redactUrlQueries && /^https?:\/\//i.test(value)) registerUrl(value);
  });
  walk(config.sources, '', registerConfigured);
}

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const pos = error.linePos?.[0];
      throw new ConfigError(file, [`YAML syntax${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${error.message.split('\n')[0]}`]);
    }
    throw error;
  }
  return parseConfig(raw, file, env);
}

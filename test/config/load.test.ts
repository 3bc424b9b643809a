import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../config/load.ts';
import { collectors } from '../../ingest/registry.ts';
import { logger, redactSecrets } from '../../log/logger.ts';
import { logLines } from '../setup.ts';

const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('fills defaults for an empty file', () => {
    const config = parseConfig({}, '/etc/rykte/rykte.yml');
    expect(config.elasticsearch.indexPrefix).toBe('rykte');
    expect(config.languages).toEqual(['sv', 'en']);
    expect(config.sources).toEqual([]);
    expect(config.baseDir).toBe('/etc/rykte');
  });

  it('rejects unknown keys and names their path', () => {
    expect(problems(() => parseConfig({ elasticsearch: { indexPrefx: 'x' } }, 'r.yml'))).toEqual([
      'elasticsearch: Unrecognized key: "indexPrefx"',
    ]);
    expect(problems(() => parseConfig({ sources: [{ type: 'import', name: 'a', path: 'f', colour: 1 }] }, 'r.yml'))).toEqual([
      'sources[0]: Unrecognized key: "colour"',
    ]);
  });

  it('says what was expected and what it got', () => {
    expect(problems(() => parseConfig({ sources: [{ type: 'import', name: 'a', path: 'f', intervalSecs: -1 }] }, 'r.yml'))).toEqual([
      'sources[0].intervalSecs: Too small: expected number to be >=1, got `-1`',
    ]);
    expect(problems(() => parseConfig({ sources: [{ type: 'telepathy', name: 'a' }] }, 'r.yml'))).toEqual([
      // Every registered collector type is listed, whichever are registered.
      `sources[0].type: Invalid discriminator value. Expected ${Object.keys(collectors).map((t) => `'${t}'`).join(' | ')}, got \`"telepathy"\``,
    ]);
    expect(problems(() => parseConfig({ sources: [{ type: 'import', name: 'a', path: 'f', schedule: 'every day' }] }, 'r.yml'))).toEqual([
      'sources[0].schedule: Expected a cron expression (5 or 6 fields), got `"every day"`',
    ]);
  });

  it('rejects duplicate ids', () => {
    const brand = { id: 'acme', name: 'Acme', query: 'acme' };
    expect(problems(() => parseConfig({ brands: [brand, brand] }, 'r.yml'))).toEqual(['brands[1]: duplicate id `acme`, got `"acme"`']);
  });

  it('interpolates ${ENV} and ${ENV:-default}, and names a missing variable', () => {
    const config = parseConfig(
      { elasticsearch: { password: '${ES_PW}', username: '${ES_USER:-elastic}', apiKey: 'a$$b' } },
      'r.yml',
      { ES_PW: 's3cret-password' },
    );
    expect(config.elasticsearch.password).toBe('s3cret-password');
    expect(config.elasticsearch.username).toBe('elastic');
    expect(config.elasticsearch.apiKey).toBe('a$b');
    expect(problems(() => parseConfig({ elasticsearch: { apiKey: '${NOPE}' } }, 'r.yml', {}))).toEqual([
      'elasticsearch.apiKey: environment variable `NOPE` is not set',
    ]);
  });

  it('never logs an interpolated secret', () => {
    parseConfig({ elasticsearch: { password: '${ES_PW2}' } }, 'r.yml', { ES_PW2: 'hunter2-and-more' });
    logger.error({ err: new Error('login failed with hunter2-and-more') }, 'cluster said hunter2-and-more');
    expect(JSON.stringify(logLines.at(-1))).not.toContain('hunter2-and-more');
    expect(logLines.at(-1)!.msg).toBe('cluster said [redacted]');
    expect(redactSecrets('x hunter2-and-more y')).toBe('x [redacted] y');
  });

  it('reports YAML syntax errors with line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rykte-config-'));
    const file = join(dir, 'rykte.yml');
    await writeFile(file, 'brands:\n  - id: a\n   name: b\n');
    await expect(loadConfig(file)).rejects.toThrow(/YAML syntax at line 3, column 1: Sequence item without - indicator/);
    await expect(loadConfig(join(dir, 'missing.yml'))).rejects.toThrow(/cannot read the file: ENOENT/);
  });
});

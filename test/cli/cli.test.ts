import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix } from '../helpers/elasticsearch.ts';
import { bin, rykteWith } from '../helpers/cli.ts';
import { importLine, jsonl } from '../helpers/mentions.ts';

const run = promisify(execFile);
let dir: string;
const prefix = `tcli${Date.now().toString(36)}`;

const rykte = (...args: string[]) => rykteWith({ SECRET_TOKEN: 'tok-123456789' })(join(dir, 'rykte.yml'), ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rykte-cli-'));
  await writeFile(join(dir, 'rykte.yml'), `elasticsearch:\n  indexPrefix: ${prefix}\n  apiKey: \${SECRET_TOKEN}\n  deadLetterFile: ${join(dir, 'dead.jsonl')}\n`);
  await writeFile(
    join(dir, 'in.jsonl'),
    jsonl([
      importLine({ id: 'c1', text: 'Fjällvind vindjacka är toppen', author: { handle: 'eva' }, publishedAt: '2026-11-19T08:00:00Z' }),
      importLine({ id: 'c2', text: 'Fjällvind kundtjänst svarar aldrig', publishedAt: '2026-11-20T08:00:00Z' }),
      '{oops',
    ]),
  );
});
afterAll(() => deletePrefix(prefix));

describe('rykte CLI', () => {
  it('has --help on every command', async () => {
    // In-process over the whole command tree, so a new command is covered without listing it.
    const { buildProgram } = await import('../../cli/program.ts');
    const walk = (command: Command): Command[] => [command, ...command.commands.flatMap(walk)];
    const commands = walk(buildProgram()).filter((c) => c.name() !== 'help');
    expect(commands.length).toBeGreaterThanOrEqual(18);
    for (const command of commands) {
      expect(command.description(), command.name()).not.toBe('');
      expect(command.helpInformation()).toMatch(/^Usage: rykte/);
    }
    const { code, stdout } = await rykte('search', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: rykte search [options] [query...]');
  });

  it('imports a file, reports the bad line, and searches it back', async () => {
    const imported = await rykte('import', join(dir, 'in.jsonl'));
    const file = join(dir, 'in.jsonl');
    expect(imported.stdout.trim().split('\n')).toEqual([
      `${file}: 2 indexed, 0 rejected, 1 bad lines`,
      `  bad lines: 1 parse (e.g. ${file}:3: invalid JSON: Expected property name or '}' in JSON at position 1)`,
      '  (each one is in the errors index with its reason)',
    ]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('in.jsonl:3: invalid JSON');
    // The file's cursor is kept: a second import reads nothing again, unless asked to.
    const again = await rykte('import', file);
    expect([again.code, again.stdout.trim()]).toEqual([0, `${file}: already imported up to line 3; nothing new (--from-start reads it again)`]);
    const found = await rykte('search', 'fjällvind', '--json');
    expect(found.code).toBe(0);
    const parsed = JSON.parse(found.stdout);
    expect(parsed.total).toBe(2);
    expect(parsed.mentions.map((m: { id: string }) => m.id)).toEqual(['x:c2', 'x:c1']);
    const table = await rykte('search', 'vindjacka', '--author', 'eva');
    expect(table.stdout).toMatch(/^published\s+platform\s+author/);
    expect(table.stdout).toContain('2026-11-19 08:00  x         eva');
    expect(table.stdout).toContain('1 of 1 mentions');
  }, 60_000);

  it('explains a bad config in one message without leaking secrets', async () => {
    await writeFile(join(dir, 'bad.yml'), 'elasticsearch:\n  url: ${SECRET_TOKEN}\n  colour: blue\n');
    const { code, stderr } = await run('node', [bin, '--config', join(dir, 'bad.yml'), 'setup'], { env: { ...process.env, SECRET_TOKEN: 'tok-123456789' } }).catch((e) => e);
    expect(code).toBe(1);
    expect(stderr).toContain('is invalid:');
    expect(stderr).toContain('elasticsearch: Unrecognized key: "colour"');
    expect(stderr).toContain('elasticsearch.url: Invalid URL');
    expect(stderr).not.toContain('tok-123456789');
  });
});

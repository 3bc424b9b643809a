import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../config/load.ts';
import { rykte } from './cli.ts';

const root = join(import.meta.dirname, '..', '..');

/**
 * The bundled demo, imported by the real `rykte demo` under an index prefix of its own:
 * what `npm start` leaves in Elasticsearch. `extra` is merged into the config (e.g. `alerts`).
 */
export async function importDemo(prefix: string, extra: Record<string, any> = {}) {
  const raw = parse(await readFile(join(root, 'demo', 'rykte.yml'), 'utf8'));
  raw.elasticsearch = { indexPrefix: prefix };
  raw.sources[0].path = join(root, 'demo', 'mentions.jsonl');
  for (const [key, value] of Object.entries(extra)) raw[key] = { ...raw[key], ...value };
  const dir = await mkdtemp(join(tmpdir(), 'rykte-demo-'));
  const file = join(dir, 'rykte.yml');
  await writeFile(file, stringify(raw));
  const result = await rykte(file, 'demo');
  if (result.code !== 0) throw new Error(`rykte demo failed: ${result.stderr}`);
  return { file, dir, config: parseConfig(raw, file) };
}

/** A `rykte` command's `--json` output, parsed; throws with its stderr when it fails. */
export async function rykteJson(config: string, ...args: string[]) {
  const result = await rykte(config, ...args, '--json');
  if (result.code !== 0) throw new Error(`rykte ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

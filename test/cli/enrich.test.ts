import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLine, jsonl } from '../helpers/mentions.ts';

const root = join(import.meta.dirname, '..', '..');
const config = join(root, 'test', 'fixtures', 'enrich-eval.yml');

/** Run `rykte enrich` with stdin; no Elasticsearch is configured or needed. */
function enrich(input: string, args: string[] = [], configFile = config): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [join(root, 'bin', 'rykte.js'), 'enrich', '-c', configFile, ...args], {
      env: { ...process.env, ELASTICSEARCH_URL: 'http://127.0.0.1:1', RYKTE_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('rykte enrich', () => {
  it('writes one enriched mention per input line and reports bad lines by number', async () => {
    const { code, stdout, stderr } = await enrich(
      jsonl([
        importLine({ id: 'a1', text: 'Min Vindjacka Pro från Fjällvind är inte dålig alls 👍 #hallbarhet', author: { handle: 'kund' }, replyTo: { id: 'p1', authorHandle: 'erikjo_pr' } }),
        '{not json',
        { platform: 'x', text: 'no id' },
        importLine({ id: 'a2', platform: 'x', text: 'Stolt idag över vår nya fabrik i Umeå. Vi söker fler kollegor!', author: { handle: 'AnnaLindqvist' } }),
        '',
      ]),
      ['--source', 'debug'],
    );
    expect(code).toBe(1);
    expect(stderr).toContain('stdin:2: invalid JSON');
    expect(stderr).toContain('stdin:3: id: expected a string or number id, got undefined');
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((m) => m.id)).toEqual(['x:a1', 'x:a2']);
    expect(out[0]).toMatchObject({
      source: 'debug',
      language: 'sv',
      enrichment: {
        brands: ['fjallvind'],
        products: ['vindjacka'],
        topics: ['hallbarhet'],
        hashtags: ['hallbarhet'],
        staff: { repliesTo: ['erik'], people: ['erik'] },
        sentiment: { score: 5, label: 'positive' },
      },
    });
    expect(out[1].enrichment).toMatchObject({
      brands: [],
      topics: ['produktion', 'jobb'],
      staff: { authoredBy: ['anna'], people: ['anna'] },
      sentiment: { label: 'positive' },
    });
  });

  it('exits 0 on clean input and prints the config error with its path on a bad query', async () => {
    const ok = await enrich(jsonl([importLine({ id: 'b1', text: 'hej' })]));
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    const bad = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('node', [join(root, 'bin', 'rykte.js'), 'enrich', '-c', join(root, 'test', 'fixtures', 'enrich-bad-query.yml')]);
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
      child.stdin.end('');
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('brands[0].query: query error at 24: expected `)` but found end of query');
  });

  it('prints the trained classifier\'s held-out evaluation on stderr and adds its topics', async () => {
    const { code, stdout, stderr } = await enrich(
      jsonl([importLine({ id: 'k1', text: 'kundtjänst svarar inte och min order har inte kommit' })]),
      [],
      join(root, 'test', 'fixtures', 'enrich-classifier.yml'),
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/topic classifier: trained on 36, held out 9\ntopic\s+precision\s+recall\s+held-out\nhallbarhet\s+1\.00\s+0\.25\s+4\njobb\s+1\.00\s+0\.67\s+3\nkundservice\s+1\.00\s+0\.50\s+2/);
    expect(JSON.parse(stdout).enrichment.topics).toEqual(['kundservice']);
  });
});

/**
 * Precision and recall of the enrich stage on the hand-labelled evaluation set.
 *   npx tsx bench/evaluate-enrichment.ts [set.jsonl] [config.yml] [--errors]
 * Defaults: test/fixtures/enrich-eval.jsonl with test/fixtures/enrich-eval.yml. Each line is
 * an import-format mention plus `expected: {language, brands, products, topics, staff, sentiment}`.
 * Multi-label fields are scored per (mention, label) pair, micro-averaged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from '../cli/table.ts';
import { loadConfig } from '../config/load.ts';
import { createEnricher } from '../enrich/pipeline.ts';
import { importLine, toMention } from '../ingest/import.ts';
import type { Mention, StaffRelations } from '../model/mention.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const showErrors = process.argv.includes('--errors');
const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures');
const setFile = args[0] ?? join(fixtures, 'enrich-eval.jsonl');
const configFile = args[1] ?? join(fixtures, 'enrich-eval.yml');

interface Expected {
  language: string;
  brands: string[];
  products: string[];
  topics: string[];
  staff: StaffRelations;
  sentiment: string;
}

const relations = ['authoredBy', 'mentions', 'repliesTo', 'quotes', 'reposts', 'amplifiedBy', 'people'] as const;
const fields: Record<string, (m: Mention | Expected) => string[]> = {
  language: (m) => ('enrichment' in m ? [m.language ?? ''] : [m.language]).filter(Boolean),
  brands: (m) => ('enrichment' in m ? m.enrichment.brands : m.brands) ?? [],
  products: (m) => ('enrichment' in m ? m.enrichment.products : m.products) ?? [],
  topics: (m) => ('enrichment' in m ? m.enrichment.topics : m.topics) ?? [],
  ...Object.fromEntries(
    relations.map((r) => [`staff.${r}`, (m: Mention | Expected) => ('enrichment' in m ? m.enrichment.staff?.[r] : m.staff[r]) ?? []]),
  ),
  sentiment: (m) => ['enrichment' in m ? (m.enrichment.sentiment?.label ?? '') : m.sentiment].filter(Boolean),
};
// Single-label fields also per value: precision and recall of "is it Norwegian", "is it negative".
const per = (field: string, values: string[]) => {
  for (const v of values) fields[`${field}=${v}`] = (m) => fields[field]!(m).filter((x) => x === v);
};
per('language', ['sv', 'en', 'no', 'da']);
per('sentiment', ['positive', 'neutral', 'negative']);

const config = await loadConfig(configFile);
const enrich = createEnricher(config);
const counts = new Map<string, { tp: number; fp: number; fn: number }>();
const errors: string[] = [];
const lines = readFileSync(setFile, 'utf8').split('\n').filter((l) => l.trim());
for (const line of lines) {
  const raw = JSON.parse(line) as { expected: Expected };
  const m = enrich(toMention(importLine.parse(raw), 'eval', '2026-11-30T00:00:00.000Z'));
  for (const [field, get] of Object.entries(fields)) {
    const want = new Set(get(raw.expected));
    const got = new Set(get(m));
    const c = counts.get(field) ?? { tp: 0, fp: 0, fn: 0 };
    for (const g of got) want.has(g) ? c.tp++ : c.fp++;
    for (const w of want) if (!got.has(w)) c.fn++;
    counts.set(field, c);
    const missing = [...want].filter((w) => !got.has(w));
    const extra = [...got].filter((g) => !want.has(g));
    if ((missing.length || extra.length) && !field.includes('=')) errors.push(`${m.id} ${field}: missing [${missing}] extra [${extra}] — ${m.text.slice(0, 90)}`);
  }
}

const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);
const rows = [...counts].map(([field, { tp, fp, fn }]) => [field, pct(tp / (tp + fp)), pct(tp / (tp + fn)), String(tp), String(fp), String(fn)]);
console.log(`${lines.length} mentions from ${setFile.split('/').slice(-2).join('/')}\n`);
console.log(table(['field', 'precision', 'recall', 'tp', 'fp', 'fn'], rows));
if (showErrors) console.log(`\n${errors.join('\n')}`);

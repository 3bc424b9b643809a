/**
 * Precision and recall of the enrich stage on the hand-labelled evaluation set; then recall
 * on inflected and compound query forms (before and after the Nordic light stemming and
 * compound forms) and sentiment accuracy per language, each on its own set.
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
import stemmerEn from 'natural/lib/natural/stemmers/porter_stemmer.js';
import stemmerSv from 'natural/lib/natural/stemmers/porter_stemmer_sv.js';
import { compileQuery } from '../enrich/query/compile.ts';
import { prepareDocument } from '../enrich/query/document.ts';
import { analysisFor } from '../enrich/stem.ts';
import { fold, words } from '../enrich/text.ts';

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

// Inflected and compound forms (test/fixtures/forms-eval.jsonl): does a query word find the
// form in a sentence? `inflection` cases query the bare word, `compound` cases `*word`;
// `match: false` cases are look-alikes that must not be found (their hits are false positives).
// Before: the matching of rykte ≤ 2026-11-30, restated here (Swedish and English Snowball stems,
// the query word as a Swedish stem; `*word` a plain wildcard over surface words).
const snowball = (w: string) => [fold(w), fold(stemmerSv.stem(w)), fold(stemmerEn.stem(w))] as const;
function matchedBefore(query: string, compound: boolean, text: string): boolean {
  const doc = words(text).map(snowball);
  const [w, sv, en] = snowball(query.toLowerCase());
  return doc.some(([dw, dsv, den]) => (compound ? dw.endsWith(w) : dw === w || dsv === sv || dsv === w || den === en));
}
interface FormCase { language: string; query: string; kind: 'inflection' | 'compound'; match: boolean; text: string }
const formCases = readFileSync(join(fixtures, 'forms-eval.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as FormCase);
const analysis = analysisFor(config.languages);
const formRows = new Map<string, { n: number; before: number; after: number }>();
for (const c of formCases) {
  const query = c.kind === 'compound' ? `*${c.query}` : c.query;
  const after = compileQuery(query, config.languages).test(prepareDocument(toMention(importLine.parse({ platform: 'eval', id: c.text, publishedAt: '2026-11-30T00:00:00Z', text: c.text }), 'eval', '2026-11-30T00:00:00.000Z'), analysis));
  const key = `${c.kind}${c.match ? '' : ' look-alike'}\t${c.language}`;
  const row = formRows.get(key) ?? { n: 0, before: 0, after: 0 };
  row.n++;
  if (matchedBefore(c.query, c.kind === 'compound', c.text)) row.before++;
  if (after) row.after++;
  formRows.set(key, row);
  if (showErrors && after !== c.match) errors.push(`forms ${c.language} ${query}: ${after ? 'found' : 'missed'} — ${c.text}`);
}
const share = (k: number, n: number) => `${k}/${n} (${((k / n) * 100).toFixed(0)}%)`;
console.log(`\n${formCases.length} query forms from fixtures/forms-eval.jsonl (found = recall; for look-alikes, found = false positives)\n`);
console.log(table(['form', 'language', 'found before', 'found after'], [...formRows].sort().map(([key, r]) => [...key.split('\t'), share(r.before, r.n), share(r.after, r.n)])));

// Sentiment per language (test/fixtures/sentiment-eval.jsonl): the whole enricher, so the
// detected language picks the lexicon.
const sentimentCases = readFileSync(join(fixtures, 'sentiment-eval.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; language: string; sentiment: string; text: string });
const perLanguage = new Map<string, { n: number; right: number; detected: number }>();
for (const c of sentimentCases) {
  const m = enrich(toMention(importLine.parse({ platform: 'eval', id: c.id, publishedAt: '2026-11-30T00:00:00Z', text: c.text }), 'eval', '2026-11-30T00:00:00.000Z'));
  const row = perLanguage.get(c.language) ?? { n: 0, right: 0, detected: 0 };
  row.n++;
  if (m.enrichment.sentiment?.label === c.sentiment) row.right++;
  else if (showErrors) errors.push(`sentiment ${c.id}: ${m.enrichment.sentiment?.label} (${m.enrichment.sentiment?.score}) for ${c.sentiment} — ${c.text}`);
  if (m.language === c.language) row.detected++;
  perLanguage.set(c.language, row);
}
console.log(`\n${sentimentCases.length} mentions from fixtures/sentiment-eval.jsonl\n`);
console.log(table(['language', 'sentiment accuracy', 'language detected'], [...perLanguage].map(([l, r]) => [l, share(r.right, r.n), share(r.detected, r.n)])));
if (showErrors) console.log(`\n${errors.join('\n')}`);

/**
 * Enrichment throughput, mentions per second on one core (the enricher is synchronous, so
 * one Node process uses one core). Config: 50 brand/product/topic queries and 500 staff
 * accounts (125 people x 4 platforms). Mentions: the evaluation set's texts, cycled with
 * fresh ids and authors (a tenth of them staff). Baseline: the pipeline with only
 * extract-entities; then each step alone, then the whole pipeline.
 *   npx tsx bench/enrich.ts [mentions=20000]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { parseConfig } from '../config/load.ts';
import { createAnalyzer } from '../enrich/analyze.ts';
import { attributeStaff } from '../enrich/attribute-staff.ts';
import { detectLanguage } from '../enrich/detect-language.ts';
import { extractEntities } from '../enrich/extract-entities.ts';
import { matchQueries } from '../enrich/match-queries.ts';
import { createEnricher, type EnrichStep } from '../enrich/pipeline.ts';
import { scoreSentiment } from '../enrich/score-sentiment.ts';
import { importLine, toMention } from '../ingest/import.ts';
import type { Mention } from '../model/mention.ts';

const total = Number(process.argv[2] ?? 20_000);
const words = ['fjällvind', 'vindjacka', 'tält', 'klimat', 'leverans', 'retur', 'fabrik', 'jobb', 'hållbar', 'kundtjänst'];
const brands = Array.from({ length: 10 }, (_, b) => ({
  id: `brand${b}`,
  name: `Brand ${b}`,
  query: `(brand${b}* OR #brand${b} OR @brand${b} OR "brand ${b} ab") NOT (spam OR reklam)`,
  products: [
    { id: `p${b}a`, name: 'A', query: `"modell ${b}" OR (${words[b]}* NEAR/3 brand${b}*)` },
    { id: `p${b}b`, name: 'B', query: `#modell${b}b OR ("${words[b]} pro" ONEAR/2 brand${b})` },
  ],
}));
// The eval config's own 4 topics plus 16 generated: 30 brand/product + 20 topic queries = 50.
const evalConfig = readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'enrich-eval.yml'), 'utf8');
const evalTopics = [...evalConfig.matchAll(/- id: (\w+)\n\s+name: .*\n\s+query: '(.*)'/g)].map((m) => ({ id: m[1]!, query: m[2]! })).filter((t) => ['hallbarhet', 'kundservice', 'produktion', 'jobb'].includes(t.id));
const topics = [
  { id: 'fjallvind', query: 'fjällvind* OR #fjallvind OR @fjallvind OR site:fjallvind.se' },
  ...evalTopics,
  ...Array.from({ length: 15 }, (_, t) => ({ id: `topic${t}`, query: `(${words[t % 10]}* OR "${words[(t + 3) % 10]} nu") AND NOT lang:da` })),
];
const staff = Array.from({ length: 125 }, (_, p) => ({
  id: `person${p}`,
  name: `Förnamn${p} Efternamn${p}`,
  aliases: [`F${p} E`],
  accounts: { x: [`staff${p}`], mastodon: [`staff${p}@social.example`], bluesky: [`staff${p}.bsky.social`], threads: [`staff${p}_t`] },
}));
const config = parseConfig({ languages: ['sv', 'en', 'no', 'da'], brands, topics, staff }, join(import.meta.dirname, 'rykte.yml'));
const queryCount = brands.length * 3 + topics.length;
const accountCount = staff.reduce((a, s) => a + Object.values(s.accounts).flat().length, 0);

const evalSet = readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'enrich-eval.jsonl'), 'utf8').split('\n').filter(Boolean);
const base = evalSet.map((l) => toMention(importLine.parse(JSON.parse(l)), 'bench', '2026-11-30T00:00:00.000Z'));
const mentions: Mention[] = Array.from({ length: total }, (_, i) => {
  const m = base[i % base.length]!;
  const author = i % 10 === 0 ? { handle: `staff${i % 125}` } : m.author;
  return { ...m, id: `${m.platform}:b${i}`, nativeId: `b${i}`, author };
});

// The same mentions as X, Mastodon and Bluesky deliver them: with the platform's language.
const expected = evalSet.map((l) => (JSON.parse(l) as { expected: { language: string } }).expected.language);
const withLanguage = mentions.map((m, i) => ({ ...m, language: expected[i % expected.length] }));

function measure(name: string, step: EnrichStep, list = mentions) {
  for (let i = 0; i < 2000; i++) step(list[i % list.length]!); // warm-up: JIT and stem memo
  // CPU time of this process, not wall time: on a shared machine the wall clock also counts
  // time spent waiting for a core, which says nothing about the enricher.
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (const m of list) step(m);
  const cpu = process.cpuUsage(cpuStart);
  const secs = (cpu.user + cpu.system) / 1e6;
  const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const rate = Math.round(total / secs);
  console.log(`${name.padEnd(34)} ${String(rate).padStart(9)} mentions/s per core  ${((secs / total) * 1e6).toFixed(1).padStart(6)} µs CPU/mention  (wall ${Math.round(total / wall)}/s)`);
  return rate;
}

console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}; ${total} mentions, ${queryCount} queries, ${accountCount} staff accounts\n`);
const analyze = createAnalyzer(config.languages);
measure('baseline: extract-entities only', extractEntities);
const withEntities = (step: EnrichStep): EnrichStep => (m) => step(extractEntities(m));
measure('+ detect-language', withEntities(detectLanguage(config.languages)));
measure('+ match-queries (50 queries)', withEntities(matchQueries(config, analyze)));
measure('+ attribute-staff (500 accounts)', withEntities(attributeStaff(config.staff, createAnalyzer(config.languages))));
measure('+ score-sentiment', withEntities(scoreSentiment(config.enrich.sentiment, config.languages)));
const full = measure('full pipeline', createEnricher(config));
const noDetect = measure('full, detectLanguage: missing', createEnricher({ ...config, enrich: { ...config.enrich, detectLanguage: 'missing' } }), withLanguage);
console.log(`\ntarget 20000/s per core: ${full >= 20_000 ? 'met' : 'NOT met'} (always detecting); ${noDetect >= 20_000 ? 'met' : 'NOT met'} (platform languages trusted)`);

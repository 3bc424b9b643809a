import { expect } from 'vitest';
import type { Collector, CollectorContext, Cursor, Page, Source } from '../../ingest/collector.ts';
import { mentionId, type Mention } from '../../model/mention.ts';
import { logger } from '../../log/logger.ts';

/**
 * The checks every collector passes (docs/specs/collector.md), in the spirit of Vector's
 * `assert_source_compliance`. Point the collector at a scripted loopback server (or a temp
 * file) that holds at least one item, then call this from the collector's own test:
 *
 *   const result = await assertCollectorCompliance({
 *     collector: rssCollector,
 *     config: { type: 'rss', name: 'blog', url: `${server.url}/feed.xml` },
 *     ctx: { baseDir: dir, now: () => new Date('2026-11-23T00:00:00Z') },   // optional
 *     minMentions: 3,                                                        // optional, default 1
 *   });
 *   expect(result.mentions.map((m) => m.nativeId)).toEqual([...]);           // your own checks
 */
export interface ComplianceOptions {
  collector: Collector;
  /** The source's rykte.yml entry, `type` and `name` included. */
  config: Record<string, unknown>;
  ctx?: Partial<CollectorContext>;
  /** At least this many mentions must come out of the first pass. @default 1 */
  minMentions?: number;
  /** Most pages per pass before giving up (a source that never says `done` fails). @default 50 */
  maxPages?: number;
  /** Called between the first and second pass, e.g. to add new items on the server. */
  between?: () => void | Promise<void>;
}

export interface ComplianceResult {
  /** Pages of the first pass, from no cursor until `done`. */
  pages: Page[];
  mentions: Mention[];
  /** Pages of the second pass, from the first pass's last cursor (after a JSON round trip). */
  second: Page[];
  cursor: Cursor | undefined;
}

async function pass(source: Source, start: Cursor | undefined, maxPages: number) {
  const pages: Page[] = [];
  let cursor = start;
  for (;;) {
    const page = await source.fetchPage(cursor, new AbortController().signal);
    checkPage(page);
    pages.push(page);
    // The runner stores cursors as JSON in Elasticsearch: what does not survive that is lost on restart.
    if (page.cursor) cursor = JSON.parse(JSON.stringify(page.cursor));
    if (page.done) return { pages, cursor };
    expect(pages.length, `no \`done: true\` after ${maxPages} pages`).toBeLessThan(maxPages);
  }
}

function checkPage(page: Page) {
  expect(Array.isArray(page.mentions), 'page.mentions is an array').toBe(true);
  expect(Array.isArray(page.problems), 'page.problems is an array').toBe(true);
  expect(typeof page.done, 'page.done is a boolean').toBe('boolean');
  if (page.cursor !== undefined) expect(JSON.parse(JSON.stringify(page.cursor)), 'cursor survives a JSON round trip').toEqual(page.cursor);
  for (const p of page.problems) {
    expect(p.where, 'problem.where says where').toMatch(/\S/);
    expect(p.errorType, 'problem.errorType is snake_case').toMatch(/^[a-z][a-z0-9_]*$/);
    expect(p.message, 'problem.message says what').toMatch(/\S/);
  }
}

export function checkMention(m: Mention, sourceName: string) {
  const at = `mention ${m.id}`;
  expect(m.platform, `${at}: platform`).toMatch(/^[a-z0-9_-]+$/);
  expect(m.nativeId, `${at}: nativeId`).toMatch(/\S/);
  expect(m.id, `${at}: id is deterministic (mentionId(platform, nativeId))`).toBe(mentionId(m.platform, m.nativeId));
  expect(m.source, `${at}: source is the configured name`).toBe(sourceName);
  expect(new Date(m.publishedAt).toISOString(), `${at}: publishedAt is ISO 8601 UTC`).toBe(m.publishedAt);
  expect(new Date(m.collectedAt).toISOString(), `${at}: collectedAt is ISO 8601 UTC`).toBe(m.collectedAt);
  expect(typeof m.text, `${at}: text`).toBe('string');
  expect(typeof m.author, `${at}: author`).toBe('object');
  expect(typeof m.references, `${at}: references`).toBe('object');
  expect(m.enrichment, `${at}: enrichment starts empty (enrich/ fills it)`).toEqual({});
  for (const ref of [m.references.replyTo, m.references.quoteOf, m.references.repostOf]) if (ref) expect(ref.id, `${at}: reference id`).toMatch(/\S/);
}

export async function assertCollectorCompliance(options: ComplianceOptions): Promise<ComplianceResult> {
  const { collector, config: raw, minMentions = 1, maxPages = 50 } = options;
  expect(collector.configSchema.safeParse({ ...raw, surelyNotAnOption: 1 }).success, 'unknown config keys are rejected').toBe(false);
  const config = collector.configSchema.parse(raw);
  expect(config.type, 'the config `type` is the collector name').toBe(collector.name);
  const ctx: CollectorContext = { baseDir: process.cwd(), log: logger, now: () => new Date(), ...options.ctx };

  const source = collector.create(config, ctx);
  const first = await pass(source, undefined, maxPages);
  const mentions = first.pages.flatMap((p) => p.mentions);
  expect(mentions.length, `at least ${minMentions} mentions`).toBeGreaterThanOrEqual(minMentions);
  for (const m of mentions) checkMention(m, config.name);
  const ids = mentions.map((m) => m.id);
  expect(new Set(ids).size, 'no mention twice in one pass').toBe(ids.length);

  // A fresh instance from no cursor reads the same items to the same ids: re-ingest overwrites.
  const fresh = collector.create(config, ctx);
  const again = await pass(fresh, undefined, maxPages);
  expect(again.pages.flatMap((p) => p.mentions.map((m) => m.id)).sort(), 'ids are deterministic').toEqual([...ids].sort());
  await fresh.close?.();

  await options.between?.();
  const second = await pass(source, first.cursor, maxPages);
  const repeated = second.pages.flatMap((p) => p.mentions.map((m) => m.id)).filter((id) => ids.includes(id));
  expect(repeated, 'a fetch from the returned cursor yields no already-seen ids').toEqual([]);
  await source.close?.();
  return { pages: first.pages, mentions, second: second.pages, cursor: first.cursor };
}

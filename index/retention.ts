import type { Client } from '@elastic/elasticsearch';
import { z } from 'zod';
import { events } from '../log/events.ts';
import type { IndexNames } from './names.ts';

/**
 * Retention: mentions are kept `months` months. A monthly mentions index goes once its whole
 * month is older than that, and so do stories last seen before the oldest month kept (their
 * mentions went with those indices). `rykte run` checks at start and every `checkEveryHours`;
 * `rykte retention --dry-run` shows what would go.
 */
export const retentionConfig = z.strictObject({
  /** Keep mentions this many months; unset keeps everything. @example 24 */
  months: z.number().int().min(1).optional(),
  /** How often `rykte run` applies it. @default 24 */
  checkEveryHours: z.number().min(0.01).default(24),
});
export type RetentionConfig = z.infer<typeof retentionConfig>;

/** First day (UTC) of the oldest month kept: the month that holds `now` minus `months`. */
export function keepFrom(now: Date, months: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
}

/** Monthly index names (`…-YYYY.MM`) of months before `from`. Other names are never matched. */
export function expiredIndices(indices: string[], from: Date): string[] {
  return indices.filter((name) => {
    const m = /-(\d{4})\.(\d{2})$/.exec(name);
    return m !== null && Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) < from.getTime();
  });
}

export interface RetentionResult {
  keepFrom: string;
  indices: string[];
  stories: number;
}

export async function applyRetention(client: Client, names: IndexNames, months: number, options: { dryRun?: boolean; now?: Date } = {}): Promise<RetentionResult> {
  const from = keepFrom(options.now ?? new Date(), months);
  const listed = await client.cat.indices({ index: `${names.template('mentions')}-*`, h: 'index', format: 'json' });
  const indices = expiredIndices(listed.map((i) => i.index!), from).sort();
  const stale = { range: { lastSeen: { lt: from.toISOString() } } };
  const result: RetentionResult = { keepFrom: from.toISOString(), indices, stories: 0 };
  if (options.dryRun) {
    result.stories = (await client.count({ index: names.alias('stories'), query: stale, ignore_unavailable: true, allow_no_indices: true })).count;
    return result;
  }
  // By name: deleting by wildcard is refused (action.destructive_requires_name), rightly.
  if (indices.length) await client.indices.delete({ index: indices });
  for (;;) {
    const page = await client.search({ index: names.alias('stories'), size: 1000, _source: false, query: stale, ignore_unavailable: true, allow_no_indices: true });
    if (page.hits.hits.length === 0) break;
    await client.bulk({ refresh: true, operations: page.hits.hits.map((h) => ({ delete: { _index: h._index, _id: h._id! } })) });
    result.stories += page.hits.hits.length;
  }
  if (indices.length || result.stories) events.retentionApplied(months, result.keepFrom, indices, result.stories);
  return result;
}

/** Apply retention now and every `checkEveryHours` until stopped (`rykte run`). */
export function startRetention(client: Client, names: IndexNames, config: RetentionConfig): { stop(): void } {
  const months = config.months;
  if (!months) return { stop() {} };
  const apply = () => applyRetention(client, names, months).catch((e) => events.retentionFailed((e as Error).message));
  void apply();
  const timer = setInterval(apply, config.checkEveryHours * 3600 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

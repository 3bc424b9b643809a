import { createHash } from 'node:crypto';

/**
 * Which items a feed already gave us, kept in the cursor: key hash → when last seen (epoch
 * seconds). Feeds re-order, re-date and re-emit items, so dates cannot tell new from old; ids
 * can. An entry is refreshed every time the item is still in the feed and dropped only after
 * `ttlDays` of absence; the set is capped so the cursor stays small (newest kept).
 */
export type SeenSet = Record<string, number>;

/** 16 hex chars of SHA-256: short enough for thousands of entries per cursor, collisions negligible. */
export const seenKey = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 16);

export function prune(seen: SeenSet, nowSecs: number, ttlDays: number, max: number): SeenSet {
  const cutoff = nowSecs - ttlDays * 86_400;
  const kept = Object.entries(seen).filter(([, at]) => at >= cutoff);
  kept.sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(kept.slice(0, max));
}

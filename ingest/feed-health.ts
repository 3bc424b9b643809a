import type { SeenSet } from './seen-set.ts';

/**
 * Per-feed state of an `rss` source, kept in the source's cursor so it is committed with the
 * page it describes: conditional-GET validators, the seen-set, and the feed's own health. A
 * source with twenty feeds has one cursor and twenty of these, and one broken feed shows as
 * that feed failing (the source `degraded`), not as the source failing.
 */
export interface FeedHealth {
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  lastErrorType?: string;
  /** Items this feed handed on for indexing since it was first read. */
  items: number;
}

export interface FeedState {
  etag?: string;
  lastModified?: string;
  seen: SeenSet;
  health?: FeedHealth;
  /** Set after a 429: the feed is not asked again before this time (ISO 8601). */
  retryAt?: string;
}

export interface RssCursor {
  /** Index of the feed the next page reads. */
  next: number;
  feeds: Record<string, FeedState>;
}

export function feedSucceeded(health: FeedHealth | undefined, at: string, items: number): FeedHealth {
  return { ...health, lastRunAt: at, lastSuccessAt: at, items: (health?.items ?? 0) + items };
}

export function feedFailed(health: FeedHealth | undefined, at: string, errorType: string, message: string): FeedHealth {
  return { ...health, lastRunAt: at, lastErrorAt: at, lastError: message, lastErrorType: errorType, items: health?.items ?? 0 };
}

/** A feed is failing when its last error is newer than its last success. */
export const feedFailing = (h: FeedHealth | undefined) => !!h?.lastErrorAt && (!h.lastSuccessAt || h.lastErrorAt > h.lastSuccessAt);

export interface FeedStatus extends FeedHealth {
  url: string;
  health: 'ok' | 'failing' | 'never run';
}

/** Each configured feed of an `rss` source with its health, from the stored cursor (for `rykte status`). */
export function feedStatuses(urls: string[], cursor: unknown): FeedStatus[] {
  const feeds = (cursor as Partial<RssCursor> | undefined)?.feeds ?? {};
  return urls.map((url) => {
    const h = feeds[url]?.health;
    return { url, ...h, items: h?.items ?? 0, health: !h ? 'never run' : feedFailing(h) ? 'failing' : 'ok' };
  });
}

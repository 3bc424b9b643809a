import type { Pipeline } from '../../ingest/pipeline.ts';
import { isForbidden, reason } from '../../index/access.ts';
import { events } from '../../log/events.ts';
import type { StoriesConfig } from './config.ts';
import type { StoryTracker } from './tracker.ts';

/** Twice Elasticsearch's default refresh interval (1 s): a refresh that started before our writes does not count. */
const PERIODIC_REFRESH_MS = 2000;

/**
 * What the tracker may forget, and forgetting it. Memory is bounded to `maxTrackedMentions`
 * mentions of the most recently touched stories; a story leaves memory only once every mention
 * of it was acknowledged by Elasticsearch with its latest place and its document written, and a
 * refresh of the mentions alias ran after that. So everything the tracker does not hold is
 * searchable, though nothing else refreshes while loading: one refresh per eviction round, each
 * freeing 20% of the working set.
 */
export function createWorkingSet(
  pipeline: Pick<Pipeline, 'client' | 'names'>,
  tracker: StoryTracker,
  config: Pick<StoriesConfig, 'maxTrackedMentions'>,
  /** Stories and mentions with changes not yet written: they stay. */
  pending: { story(id: string): boolean; mentions(): Iterable<string> },
) {
  /**
   * Pages placed and not yet acknowledged (oldest first), and per id how many of them hold it:
   * those mentions may not be indexed yet. Pages are acknowledged in order and the runner's
   * `afterIndex` sees only what was indexed (a page refused whole is never seen), so an
   * acknowledgement releases every page up to the one it is for.
   */
  const inFlight: string[][] = [];
  const unacked = new Map<string, number>();
  /** Stories in memory → when last touched, least recently touched first (a Map keeps insertion order). */
  const recency = new Map<string, number>();
  let touches = 0;
  let mayRefresh = true;
  /** Without the right to refresh: stories chosen to go once the index's periodic refresh has passed. */
  let waiting: { victims: Map<string, number>; at: number } | undefined;

  /**
   * Stories that may go: no change waiting to be written, no mention unacknowledged or waiting
   * for its move to be written. Built once per round from the few mentions in flight rather
   * than by walking every story.
   */
  function evictableNow(): (story: string) => boolean {
    const held = new Set<string>();
    for (const id of [...unacked.keys(), ...pending.mentions()]) {
      const story = tracker.node(id)?.story;
      if (story) held.add(story);
    }
    return (story) => !pending.story(story) && !held.has(story);
  }

  function drop(victims: string[]) {
    const dropped = tracker.evict(victims);
    for (const id of victims) recency.delete(id);
    if (dropped) events.storiesEvicted(dropped, tracker.size);
  }

  const set = {
    placed(ids: string[]) {
      inFlight.push(ids);
      for (const id of ids) unacked.set(id, (unacked.get(id) ?? 0) + 1);
    },
    /** `firstId`: the first mention of the acknowledged page; without it, every page placed so far. */
    acknowledged(firstId?: string) {
      const last = firstId === undefined ? inFlight.length - 1 : inFlight.findIndex((page) => page.includes(firstId));
      for (const page of inFlight.splice(0, last + 1)) {
        for (const id of page) {
          const left = unacked.get(id)! - 1;
          if (left) unacked.set(id, left);
          else unacked.delete(id);
        }
      }
    },
    indexed: (id: string) => !unacked.has(id),
    touched(story: string) {
      recency.delete(story);
      recency.set(story, ++touches);
    },
    removed: (story: string) => recency.delete(story),

    /**
     * Make what was written searchable. A credential without the `maintenance` privilege may not
     * refresh (README "Roles and privileges"): then the index's own periodic refresh (every
     * second by default, or at the next search of an idle shard) does it (`false`).
     */
    async refresh(): Promise<boolean> {
      if (!mayRefresh) return false;
      const index = pipeline.names.alias('mentions');
      try {
        await pipeline.client.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
        return true;
      } catch (error) {
        if (!isForbidden(error)) throw error;
        mayRefresh = false;
        events.refreshSkipped(index, reason(error));
        return false;
      }
    },

    /**
     * Over `maxTrackedMentions`, drop the least recently touched stories that may go, down to
     * 80% of it: at once after our refresh, or without the right to refresh, at a later call at
     * least PERIODIC_REFRESH_MS on, if nothing touched them meanwhile.
     */
    async evict() {
      if (waiting && Date.now() - waiting.at >= PERIODIC_REFRESH_MS) {
        const evictable = evictableNow();
        drop([...waiting.victims].filter(([id, touch]) => recency.get(id) === touch && evictable(id)).map(([id]) => id));
        waiting = undefined;
      }
      if (tracker.size <= config.maxTrackedMentions || waiting) return;
      const evictable = evictableNow();
      const victims = new Map<string, number>();
      let freed = 0;
      for (const [id, touch] of recency) {
        if (tracker.size - freed <= config.maxTrackedMentions * 0.8) break;
        if (!evictable(id)) continue;
        victims.set(id, touch);
        freed += tracker.storySize(id);
      }
      if (!victims.size) return;
      let refreshed: boolean;
      try {
        refreshed = await set.refresh();
      } catch (error) {
        events.storiesFailed('evict', (error as Error).message);
        return;
      }
      if (refreshed) drop([...victims.keys()]);
      else waiting = { victims, at: Date.now() };
    },
  };
  return set;
}

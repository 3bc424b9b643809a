import type { Pipeline } from '../../ingest/runner.ts';
import type { Mention } from '../../model/mention.ts';
import { moveMentions, recentStories, storiesOf, storyMentions, writeStories } from '../../index/stories.ts';
import { isForbidden, reason } from '../../index/access.ts';
import { events } from '../../log/events.ts';
import { canonicalLink } from '../extract-entities.ts';
import { buildStory } from './story.ts';
import { StoryTracker, type StoryNode } from './tracker.ts';

const CHUNK = 1000;
/** Twice Elasticsearch's default refresh interval (1 s): a refresh that started before our writes does not count. */
const PERIODIC_REFRESH_MS = 2000;

/**
 * Story tracking as runner hooks. `beforeIndex` places each mention of a page (so its
 * `enrichment.story` is indexed with it); `afterIndex` rewrites older mentions a late parent
 * moved, and the documents of every story the page touched.
 *
 * Memory is a bounded working set: the stories touched most recently, at most
 * `maxTrackedMentions` mentions (a single story larger than that stays whole). Whatever the
 * tracker does not hold is in Elasticsearch and searchable: a story leaves memory only once
 * every mention of it was acknowledged by Elasticsearch (with its latest place) and the mentions
 * alias was refreshed after that, and the first page of a process refreshes once too. So a
 * search answers every lookup of what left memory, even though nothing else refreshes while
 * loading; it costs one refresh per eviction round (each frees 20% of the working set). A
 * reference, a shared link or a re-collected post pointing outside the working set reloads the
 * whole story it lands in, so metrics stay exact.
 */
export function createStoryTracker(pipeline: Pick<Pipeline, 'config' | 'client' | 'names' | 'now' | 'refresh'>) {
  const config = pipeline.config.stories;
  const tracker = new StoryTracker(config);
  const absent = new Set<string>();
  let started = false;
  // Changes waiting to be written: kept across pages until a write succeeds.
  const moved = new Map<string, StoryNode>();
  const touched = new Set<string>();
  const removed = new Set<string>();
  /**
   * Pages placed by `beforeIndex` and not yet acknowledged (oldest first), and per id how many
   * of them hold it: those mentions may not be indexed yet. Pages are acknowledged in order and
   * `afterIndex` sees only what was indexed (a page refused whole is never seen), so an
   * acknowledgement releases every page up to the one it is for.
   */
  const inFlight: string[][] = [];
  const unacked = new Map<string, number>();
  function release(upTo?: string) {
    const last = upTo === undefined ? inFlight.length - 1 : inFlight.findIndex((page) => page.includes(upTo));
    for (const page of inFlight.splice(0, last + 1)) {
      for (const id of page) {
        const left = unacked.get(id)! - 1;
        if (left) unacked.set(id, left);
        else unacked.delete(id);
      }
    }
  }
  /** Stories in memory → when last touched, least recently touched first (a Map keeps insertion order). */
  const recency = new Map<string, number>();
  let touches = 0;

  function collect(result: ReturnType<StoryTracker['add']>) {
    for (const n of result.changed) moved.set(n.id, n);
    for (const s of result.touched) (touched.add(s), removed.delete(s), recency.delete(s), recency.set(s, ++touches));
    for (const s of result.removed) (removed.add(s), touched.delete(s), recency.delete(s));
  }

  /** Load whole stories the tracker does not hold (a story is in memory whole or not at all). */
  async function load(storyIds: string[]) {
    const fresh = storyIds.filter((s) => tracker.storySize(s) === 0);
    let count = 0;
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const mentions = await storyMentions(pipeline.client, pipeline.names, fresh.slice(i, i + CHUNK));
      count += mentions.length;
      collect(tracker.add(mentions, true));
    }
    if (fresh.length) events.storiesRecovered(fresh.length, count);
  }

  /** Bring in the stories this page refers to that the tracker does not hold. */
  async function recover(mentions: Mention[]) {
    if (!started) {
      // What an earlier process indexed may not be searchable yet (no refresh while loading).
      await refresh();
      started = true;
      if (config.recoverSecs > 0) await load(await recentStories(pipeline.client, pipeline.names, config.recoverSecs));
    }
    const ids = new Set<string>();
    const links = new Set<string>();
    const page = new Set(mentions.map((m) => m.id));
    for (const m of mentions) {
      // A post collected again after its story left memory: reload the story, or its document
      // would be rewritten from this one post. Its id also names the story of orphans waiting for it.
      if (!tracker.node(m.id) && !absent.has(m.id)) ids.add(m.id);
      const refs = m.references ?? {};
      for (const ref of [refs.replyTo, refs.quoteOf, refs.repostOf]) {
        const id = ref && `${m.platform}:${ref.id}`;
        if (id && !page.has(id) && !tracker.node(id) && !absent.has(id)) ids.add(id);
      }
      if (!config.groupByLinks) continue;
      const own = m.url ? canonicalLink(m.url) : undefined;
      for (const link of [...(m.enrichment.links ?? []), ...(own ? [own] : [])]) if (!tracker.knowsLink(link) && !absent.has(link)) links.add(link);
    }
    if (!ids.size && !links.size) return;
    // Known-absent ids and links save a lookup per page; forgetting them only costs a lookup.
    if (absent.size > 20_000) absent.clear();
    const { found, stories } = await storiesOf(pipeline.client, pipeline.names, [...ids], [...links]);
    const named = new Set(stories);
    for (const id of ids) if (!found.has(id) && !named.has(id)) absent.add(id);
    if (!stories.length) for (const link of links) absent.add(link);
    await load(stories);
    // Every story sharing these links is in memory again.
    for (const link of links) tracker.linkWhole(link);
  }

  /**
   * Make what was written searchable. A credential without the `maintenance` privilege may not
   * refresh (README "Roles and privileges"): then the index's own periodic refresh (every second
   * by default, or at the next search of an idle shard) does it, and eviction waits for that.
   */
  let mayRefresh = true;
  async function refresh(): Promise<boolean> {
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
  }

  const hooks = {
    tracker,
    async beforeIndex(mentions: Mention[]): Promise<Mention[]> {
      if (!config.enabled) return mentions;
      try {
        await recover(mentions);
      } catch (error) {
        events.storiesFailed('recover', (error as Error).message);
      }
      // What a placed mention is or refers to exists from now on (as a post or as the story
      // its orphans wait in): a lookup must not be skipped for it any more.
      inFlight.push(mentions.map((m) => m.id));
      for (const m of mentions) {
        unacked.set(m.id, (unacked.get(m.id) ?? 0) + 1);
        absent.delete(m.id);
        const refs = m.references ?? {};
        for (const ref of [refs.replyTo, refs.quoteOf, refs.repostOf]) if (ref) absent.delete(`${m.platform}:${ref.id}`);
        for (const link of m.enrichment.links ?? []) absent.delete(link);
        const own = m.url ? canonicalLink(m.url) : undefined;
        if (own) absent.delete(own);
      }
      collect(tracker.add(mentions));
      for (const m of mentions) moved.delete(m.id);
      return mentions.map((m) => ({ ...m, enrichment: { ...m.enrichment, story: tracker.place(m.id) } }));
    },
    /** `mentions`: the page Elasticsearch acknowledged; without it, everything placed so far. */
    afterIndex: async (mentions?: Mention[]) => {
      if (!mentions) release();
      else if (mentions.length) release(mentions[0]!.id);
      await write(false);
    },
    /** Write every story, large ones included, whatever their growth (end of a run or an import). */
    afterRun: () => write(true),
  };

  /** Sizes at the last write of stories above `largeStoryMentions`. */
  const written = new Map<string, number>();

  async function write(all: boolean): Promise<void> {
    if (!config.enabled) return;
    if (touched.size || moved.size || removed.size) {
      try {
        // A mention not yet indexed keeps its move: an update before its index operation would be lost.
        const movable = [...moved.values()].filter((n) => !unacked.has(n.id));
        await moveMentions(pipeline.client, pipeline.names, movable, pipeline.refresh);
        const now = pipeline.now();
        const due = [...touched].filter((id) => {
          const size = tracker.storySize(id);
          return all || size <= config.largeStoryMentions || size >= (written.get(id) ?? 0) * 1.05;
        });
        const docs = due.flatMap((id) => buildStory(tracker, id, { velocityWindowSecs: config.velocityWindowSecs, now }) ?? []);
        await writeStories(pipeline.client, pipeline.names, docs, [...removed], pipeline.refresh);
        if (docs.length || movable.length || removed.size) events.storiesUpdated(docs.length, movable.length, removed.size);
        for (const doc of docs) if (doc.size > config.largeStoryMentions) written.set(doc.id, doc.size);
        for (const id of removed) written.delete(id);
        for (const n of movable) moved.delete(n.id);
        for (const id of due) touched.delete(id);
        removed.clear();
      } catch (error) {
        events.storiesFailed('write', (error as Error).message);
      }
    }
    await evict();
  }

  /**
   * Keep memory bounded: over `maxTrackedMentions`, drop the least recently touched stories down
   * to 80% of it. Only stories whose every mention is indexed with its latest place and whose
   * document is written may go, and only once a refresh has made all of that searchable: ours,
   * or without the right to refresh, the index's periodic one (stories chosen now go at a later
   * page, at least PERIODIC_REFRESH_MS on, if untouched since).
   */
  let waiting: { victims: Map<string, number>; at: number } | undefined;
  async function evict() {
    if (waiting && Date.now() - waiting.at >= PERIODIC_REFRESH_MS) {
      drop([...waiting.victims].filter(([id, touch]) => recency.get(id) === touch && evictable(id)).map(([id]) => id));
      waiting = undefined;
    }
    if (tracker.size <= config.maxTrackedMentions || waiting) return;
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
      refreshed = await refresh();
    } catch (error) {
      events.storiesFailed('evict', (error as Error).message);
      return;
    }
    if (refreshed) drop([...victims.keys()]);
    else waiting = { victims, at: Date.now() };
  }

  /** Written, and every mention indexed with its latest place. */
  const evictable = (id: string) => !touched.has(id) && !tracker.members(id).some((n) => unacked.has(n.id) || moved.has(n.id));

  function drop(victims: string[]) {
    let dropped = 0;
    for (const id of victims) {
      dropped += tracker.evict(id);
      recency.delete(id);
      written.delete(id);
    }
    if (dropped) events.storiesEvicted(dropped, tracker.size);
  }

  return hooks;
}

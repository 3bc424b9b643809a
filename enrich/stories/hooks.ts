import type { Pipeline } from '../../ingest/runner.ts';
import type { Mention } from '../../model/mention.ts';
import { moveMentions, recentStories, storiesOf, storyMentions, writeStories } from '../../index/stories.ts';
import { events } from '../../log/events.ts';
import { canonicalLink } from '../extract-entities.ts';
import { buildStory } from './story.ts';
import { StoryTracker, type StoryNode } from './tracker.ts';

const CHUNK = 1000;

/**
 * Story tracking as runner hooks. `beforeIndex` places each mention of a page (so its
 * `enrichment.story` is indexed with it); `afterIndex` rewrites older mentions a late parent
 * moved, and the documents of every story the page touched. The tracker lives in memory; what it
 * lacks (after a restart, or a reply to an old post) is reloaded from Elasticsearch by whole
 * stories, so its answers match a tracker that never stopped.
 */
export function createStoryTracker(pipeline: Pick<Pipeline, 'config' | 'client' | 'names' | 'now' | 'refresh'>) {
  const config = pipeline.config.stories;
  const tracker = new StoryTracker(config);
  const loaded = new Set<string>();
  const absent = new Set<string>();
  let recovered = config.recoverSecs === 0;
  // Changes waiting to be written: kept across pages until a write succeeds.
  const moved = new Map<string, StoryNode>();
  const touched = new Set<string>();
  const removed = new Set<string>();

  function collect(result: ReturnType<StoryTracker['add']>) {
    for (const n of result.changed) moved.set(n.id, n);
    for (const s of result.touched) (touched.add(s), removed.delete(s));
    for (const s of result.removed) (removed.add(s), touched.delete(s));
  }

  async function load(storyIds: string[]) {
    const fresh = storyIds.filter((s) => !loaded.has(s));
    let count = 0;
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const mentions = await storyMentions(pipeline.client, pipeline.names, fresh.slice(i, i + CHUNK));
      count += mentions.length;
      collect(tracker.add(mentions, true));
    }
    for (const s of fresh) loaded.add(s);
    if (fresh.length) events.storiesRecovered(fresh.length, count);
  }

  /** Bring in the stories this page refers to that the tracker does not hold. */
  async function recover(mentions: Mention[]) {
    if (!recovered) {
      recovered = true;
      await load(await recentStories(pipeline.client, pipeline.names, config.recoverSecs));
    }
    const ids = new Set<string>();
    const links = new Set<string>();
    const page = new Set(mentions.map((m) => m.id));
    for (const m of mentions) {
      // A post collected again after its story left memory: reload the story, or its document
      // would be rewritten from this one post.
      if (!tracker.node(m.id)) ids.add(m.id);
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
    if (absent.size > 100_000) absent.clear();
    const { found, stories } = await storiesOf(pipeline.client, pipeline.names, [...ids], [...links]);
    for (const id of ids) if (!found.has(id) && !page.has(id)) absent.add(id);
    if (!stories.length) for (const link of links) absent.add(link);
    await load(stories);
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
      for (const m of mentions) absent.delete(m.id);
      collect(tracker.add(mentions));
      for (const m of mentions) moved.delete(m.id);
      return mentions.map((m) => ({ ...m, enrichment: { ...m.enrichment, story: tracker.place(m.id) } }));
    },
    afterIndex: () => write(false),
    /** Write every story, large ones included, whatever their growth (end of a run or an import). */
    afterRun: () => write(true),
  };

  /** Sizes at the last write of stories above `largeStoryMentions`. */
  const written = new Map<string, number>();

  async function write(all: boolean): Promise<void> {
    if (!config.enabled || (!touched.size && !moved.size && !removed.size)) return;
    try {
      await moveMentions(pipeline.client, pipeline.names, [...moved.values()], pipeline.refresh);
      const now = pipeline.now();
      const due = [...touched].filter((id) => {
        const size = tracker.storySize(id);
        return all || size <= config.largeStoryMentions || size >= (written.get(id) ?? 0) * 1.05;
      });
      const docs = due.flatMap((id) => buildStory(tracker, id, { velocityWindowSecs: config.velocityWindowSecs, now }) ?? []);
      await writeStories(pipeline.client, pipeline.names, docs, [...removed], pipeline.refresh);
      if (docs.length || moved.size || removed.size) events.storiesUpdated(docs.length, moved.size, removed.size);
      for (const doc of docs) if (doc.size > config.largeStoryMentions) written.set(doc.id, doc.size);
      for (const doc of docs) activity.set(doc.id, Date.parse(doc.lastSeen));
      for (const id of removed) (written.delete(id), activity.delete(id));
      moved.clear();
      for (const id of due) touched.delete(id);
      removed.clear();
    } catch (error) {
      events.storiesFailed('write', (error as Error).message);
    }
    evictQuiet();
  }

  /** Last mention time per written story: what eviction orders by. */
  const activity = new Map<string, number>();

  /** Keep memory bounded: drop the quietest stories once over `maxTrackedMentions`. */
  function evictQuiet() {
    if (tracker.size <= config.maxTrackedMentions) return;
    const newest = Math.max(...activity.values());
    const keepAfter = newest - Math.max(config.textWindowSecs, config.recoverSecs) * 1000;
    const quiet = [...activity].filter(([id, t]) => t < keepAfter && !touched.has(id)).sort((a, b) => a[1] - b[1]);
    let dropped = 0;
    for (const [id] of quiet) {
      if (tracker.size <= config.maxTrackedMentions * 0.8) break;
      dropped += tracker.evict(id);
      activity.delete(id);
      loaded.delete(id);
    }
    if (dropped) events.storiesEvicted(dropped, tracker.size);
  }

  return hooks;
}

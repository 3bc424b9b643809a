import { realSleep } from '../../ingest/page-fetch.ts';
import type { Pipeline } from '../../ingest/pipeline.ts';
import type { Mention } from '../../model/mention.ts';
import { linkHeads, moveMentions, recentStories, storiesOf, storyMentions, writeStories } from '../../index/stories.ts';
import { isErased } from '../../index/erased.ts';
import { events } from '../../log/events.ts';
import { canonicalLink } from '../extract-entities.ts';
import { buildStory, storyDue } from './story.ts';
import { earlier } from './lsh.ts';
import { StoryTracker, type StoryNode } from './tracker.ts';
import { createWorkingSet } from './working-set.ts';

const CHUNK = 1000;
const DAY_MS = 86_400_000;
/** Waits before trying a page's failed lookups again. */
const RECOVER_WAITS_MS = [250, 1000, 4000];

/**
 * Platforms whose post URL names that one post (a status): the only post at it is the post
 * itself, found by its id, so only posts sharing it are looked up by link. Searching the `url`
 * field for every new post was half of a page's lookup in a year of monthly indices.
 */
const postUrlPlatforms = new Set(['x', 'mastodon', 'bluesky']);

/**
 * Story tracking as runner hooks. `beforeIndex` places each mention of a page (so its
 * `enrichment.story` is indexed with it); `afterIndex` rewrites older mentions a late parent
 * moved, and the documents of every story the page touched. The tracker keeps a bounded working
 * set (working-set.ts); a reference, a shared link, a re-collected post or the late parent of
 * orphans pointing outside it reloads, from Elasticsearch, the whole story it lands in, so
 * metrics stay exact.
 */
export function createStoryTracker(pipeline: Pick<Pipeline, 'config' | 'client' | 'names' | 'now' | 'refresh' | 'sleep'>) {
  const config = pipeline.config.stories;
  const sleep = pipeline.sleep ?? realSleep;
  const tracker = new StoryTracker(config);
  const absent = new Set<string>();
  /**
   * Per link, the earliest indexed post sharing it, as a lookup found it. A reply, quote or
   * repost sharing the link later than that is placed under what it refers to and cannot become
   * the link's first sharer: it needs no lookup (one per page otherwise, for a link only such
   * posts share).
   */
  const firstSharers = new Map<string, { time: number; id: string }>();
  let started = false;
  /** The erased authors the last run knew of (`erased`). */
  let erasedSeen = '';
  // Changes waiting to be written, each with the number of its latest change: kept across pages
  // until a write that saw that change succeeds.
  let changes = 0;
  const moved = new Map<string, { node: StoryNode; change: number }>();
  const touched = new Map<string, number>();
  const removed = new Map<string, number>();
  const workingSet = createWorkingSet(pipeline, tracker, config, { story: (id) => touched.has(id), mentions: () => moved.keys() });

  function collect(result: ReturnType<StoryTracker['add']>) {
    for (const node of result.changed) moved.set(node.id, { node, change: ++changes });
    for (const s of result.touched) (touched.set(s, ++changes), removed.delete(s), workingSet.touched(s));
    for (const s of result.removed) (removed.set(s, ++changes), touched.delete(s), workingSet.removed(s));
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
      await workingSet.refresh();
      if (config.recoverSecs > 0) {
        const recent = await recentStories(pipeline.client, pipeline.names, config.recoverSecs, config.maxTrackedMentions);
        await load(recent.stories);
        if (recent.left) events.storiesNotRecovered(recent.left, config.maxTrackedMentions);
      }
      started = true;
    }
    /** This page's posts the tracker does not hold, and the earliest time among them. */
    const posts = new Set<string>();
    let since = Infinity;
    /** Posts this page refers to that the tracker does not hold. */
    const ids = new Set<string>();
    /** Links whose every post must be in memory; `shared`: of those, ones only shared elsewhere (a post's own status URL). */
    const links = new Set<string>();
    const shared = new Set<string>();
    /** Links whose article and earliest sharer suffice → this page's posts sharing them. */
    const heads = new Map<string, { time: number; id: string; stated: boolean }[]>();
    const page = new Set(mentions.map((m) => m.id));
    /** Links shared on this page only by posts that need no lookup for them (`firstSharers`). */
    const settled = new Set<string>();
    for (const m of mentions) {
      // A post collected again after its story left memory: reload the story, or its document
      // would be rewritten from this one post. Its id also names the story of orphans waiting for it.
      if (!tracker.node(m.id) && !absent.has(m.id)) {
        posts.add(m.id);
        since = Math.min(since, Date.parse(m.publishedAt));
      }
      const refs = m.references ?? {};
      for (const ref of [refs.replyTo, refs.quoteOf, refs.repostOf]) {
        const id = ref && `${m.platform}:${ref.id}`;
        if (id && !page.has(id) && !tracker.node(id) && !absent.has(id)) ids.add(id);
      }
      if (!config.groupByLinks) continue;
      // A post at a URL may be the article of every post sharing it: they must all be in memory.
      const own = m.url ? canonicalLink(m.url) : undefined;
      if (own && !tracker.knowsLink(own) && !absent.has(own)) {
        links.add(own);
        if (postUrlPlatforms.has(m.platform)) shared.add(own);
      }
      // A post sharing a link only needs what it is placed under (a link shared all year
      // would otherwise bring back every story that ever shared it).
      const at = { time: Date.parse(m.publishedAt), id: m.id, stated: Boolean(refs.replyTo ?? refs.quoteOf ?? refs.repostOf) };
      for (const link of m.enrichment.links ?? []) {
        if (absent.has(link) || tracker.placesSharer(link, at)) continue;
        const first = at.stated ? firstSharers.get(link) : undefined;
        if (first && earlier(first, at)) {
          settled.add(link);
          continue;
        }
        const sharers = heads.get(link);
        if (sharers) sharers.push(at);
        else heads.set(link, [at]);
      }
    }
    for (const link of links) heads.delete(link);
    // As after a lookup that found them: the tracker does not hold the link's first sharer.
    for (const link of settled) if (!heads.has(link) && !links.has(link)) tracker.linkLoaded(link, 'none');
    if (!posts.size && !ids.size && !links.size && !heads.size) return;
    // Known-absent ids and links save a lookup per page; forgetting them only costs a lookup.
    if (absent.size > 20_000) absent.clear();
    if (firstSharers.size > 20_000) firstSharers.clear();
    const stories = new Set<string>();
    /** Looks up the stories of posts by id and of every post of some links; marks what is not there. */
    const lookUp = async (ids: Set<string>, links: Set<string>, since?: string) => {
      const found = await storiesOf(pipeline.client, pipeline.names, [...ids], [...links], shared, since);
      const named = new Set(found.stories);
      for (const id of ids) if (!found.found.has(id) && !named.has(id)) absent.add(id);
      if (!found.stories.length) for (const link of links) absent.add(link);
      for (const story of found.stories) stories.add(story);
    };
    // The lookups at once: one round trip per page while Elasticsearch is busy indexing. The
    // page's own posts (collected again, or awaited by orphans) are looked up from a day before
    // the earliest on (a margin for clocks), in its month's index and the later ones only.
    const [byLink] = await Promise.all([
      heads.size ? linkHeads(pipeline.client, pipeline.names, [...heads.keys()]) : new Map<string, never>(),
      ids.size || links.size ? lookUp(ids, links) : undefined,
      posts.size ? lookUp(posts, new Set(), Number.isFinite(since) ? new Date(since - DAY_MS).toISOString() : undefined) : undefined,
    ]);
    /** Links shared earlier than every indexed sharer: every post of theirs must come in after all. */
    const earliest = new Set<string>();
    for (const [link, { article, sharer }] of byLink) {
      if (!article && !sharer) absent.add(link);
      // A sharer earlier than every indexed one: it becomes their parent.
      else if (sharer && heads.get(link)!.some((m) => !earlier(sharer, m))) (earliest.add(link), links.add(link), heads.delete(link));
      // A reply, quote or repost sharing it is placed under what it refers to.
      else if (heads.get(link)!.every((m) => m.stated)) (heads.delete(link), tracker.linkLoaded(link, 'none'));
      else for (const head of [article, sharer]) if (head) stories.add(head.story);
      if (sharer && !earliest.has(link)) firstSharers.set(link, sharer);
    }
    if (earliest.size) await lookUp(new Set(), earliest);
    await load([...stories]);
    for (const link of links) tracker.linkLoaded(link, 'every');
    for (const link of heads.keys()) if (!absent.has(link)) tracker.linkLoaded(link, 'first');
  }

  const hooks = {
    tracker,
    async beforeIndex(mentions: Mention[]): Promise<Mention[]> {
      if (!config.enabled) return mentions;
      // A mention placed again while the write under way moves it: that update must land before
      // the mention's new index operation, or it would put back the older place.
      if (writing && mentions.some((m) => writing!.moves.has(m.id))) await writing.done;
      // A lookup that fails (a shard of a month's index just created, a node restarting) is
      // tried again: placed without it, a reply to an evicted post would start a story of its own.
      for (let attempt = 1; ; attempt++) {
        try {
          await recover(mentions);
          break;
        } catch (error) {
          const last = attempt === RECOVER_WAITS_MS.length + 1;
          events.storiesFailed('recover', (error as Error).message, last ? `this page is placed without its lookups after ${attempt} tries` : `trying again in ${RECOVER_WAITS_MS[attempt - 1]} ms`);
          if (last) break;
          await sleep(RECOVER_WAITS_MS[attempt - 1]!);
        }
      }
      // What a placed mention is or refers to exists from now on (as a post or as the story
      // its orphans wait in): a lookup must not be skipped for it any more.
      workingSet.placed(mentions.map((m) => m.id));
      for (const m of mentions) {
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
      if (!mentions) workingSet.acknowledged();
      else if (mentions.length) workingSet.acknowledged(mentions[0]!.id);
      await write(false);
    },
    /** Write every story, large ones included, whatever their growth (end of a run or an import). */
    afterRun: () => write(true),
    /**
     * Authors erased since the last run (`rykte forget`, perhaps by another process): the stories
     * holding a post of theirs leave memory unwritten (forget rebuilt them in Elasticsearch, and
     * they are reloaded from there when touched), and the lookup caches, which may name one of
     * their posts, are cleared. A write under way (built before) is waited for first.
     */
    async erased(keys: ReadonlySet<string>) {
      const known = [...keys].sort().join('\n');
      if (!config.enabled || known === erasedSeen) return;
      await writing?.done;
      erasedSeen = known;
      const stories = tracker.storiesWhere((n) => isErased(keys, { platform: n.platform, author: { id: n.authorKey, handle: n.authorHandle } }));
      for (const [id, { node }] of moved) if (stories.has(node.story)) moved.delete(id);
      for (const story of stories) {
        touched.delete(story);
        written.delete(story);
        workingSet.removed(story);
      }
      tracker.evict([...stories]);
      absent.clear();
      firstSharers.clear();
    },
  };

  /** Sizes at the last write of stories above `largeStoryMentions`. */
  const written = new Map<string, number>();
  let lastWrite = 0;
  /** The write under way (at most one), and the mentions it moves. */
  let writing: { done: Promise<void>; moves: ReadonlySet<string> } | undefined;

  /**
   * Within a run, what changed is written at most once per `writeIntervalSecs`, and sent while
   * the next pages are placed; the end of a run (`all`) waits for it and writes the rest.
   */
  async function write(all: boolean): Promise<void> {
    if (!config.enabled) return;
    if (writing && all) await writing.done;
    // A story touched on every page is rebuilt once per interval, not per page.
    if (!writing && (touched.size || moved.size || removed.size) && (all || Date.now() - lastWrite >= config.writeIntervalSecs * 1000)) {
      lastWrite = Date.now();
      const flight = { done: send(all), moves: new Set(moved.keys()) };
      if (all) await flight.done;
      else {
        writing = flight;
        void flight.done.finally(() => (writing = undefined));
      }
    }
    await workingSet.evict();
  }

  /** Writes what changed so far, as it is now: later changes wait for the next write. */
  async function send(all: boolean): Promise<void> {
    // A mention not yet indexed keeps its move: an update before its index operation would be lost.
    const movable = [...moved.values()].filter(({ node }) => workingSet.indexed(node.id));
    const now = pipeline.now();
    const due = [...touched].filter(([id]) => all || storyDue(tracker.storySize(id), written.get(id), config.largeStoryMentions));
    const docs = due.flatMap(([id]) => buildStory(tracker, id, { velocityWindowSecs: config.velocityWindowSecs, now }) ?? []);
    const gone = [...removed];
    try {
      // Both requests build their operations before their first wait, so from the nodes as they are now.
      await Promise.all([
        moveMentions(pipeline.client, pipeline.names, movable.map(({ node }) => node), pipeline.refresh),
        writeStories(pipeline.client, pipeline.names, docs, gone.map(([id]) => id), pipeline.refresh),
      ]);
    } catch (error) {
      events.storiesFailed('write', (error as Error).message);
      return;
    }
    if (docs.length || movable.length || gone.length) events.storiesUpdated(docs.length, movable.length, gone.length);
    for (const doc of docs) if (doc.size > config.largeStoryMentions) written.set(doc.id, doc.size);
    for (const [id] of gone) written.delete(id);
    // What changed again meanwhile stays for the next write.
    for (const { node, change } of movable) if (moved.get(node.id)?.change === change) moved.delete(node.id);
    for (const [id, change] of due) if (touched.get(id) === change) touched.delete(id);
    for (const [id, change] of gone) if (removed.get(id) === change) removed.delete(id);
  }

  return hooks;
}

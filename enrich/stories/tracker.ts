import type { Mention, StoryPlace } from '../../model/mention.ts';
import { chooseParent, type Choice } from './cascade.ts';
import type { StoriesConfig } from './config.ts';
import { earlier, TextIndex, type TextEntry } from './lsh.ts';
import { placeKey, placeOf, refreshNode, toNode, type NodeOptions, type StoryNode } from './node.ts';

export { placeOf, type StoryNode } from './node.ts';

export interface TrackResult {
  /** Already-indexed mentions whose place changed: their documents need an update. */
  changed: StoryNode[];
  /** Stories whose metrics must be recomputed. */
  touched: Set<string>;
  /** Story ids that no longer exist (merged into another): their documents go. */
  removed: string[];
}

/**
 * Incremental story assignment. Each mention's parent is a pure function of the mentions seen so
 * far (explicit reference > source article of a shared link > earliest earlier sharer > earliest
 * near-duplicate text), and a story is a cascade tree named after its top: the root, or the
 * missing parent that orphaned trees wait for. So arrival order never changes the result: a late
 * parent or an earlier sharer only re-points the few nodes whose choice it changes, and relabels
 * their subtrees (story id, depth). In-order data costs O(1) per mention plus O(story) metrics.
 */
export class StoryTracker {
  private readonly nodes = new Map<string, StoryNode>();
  /** Parent doc id (present or missing) → child ids. */
  private readonly kids = new Children();
  /** Canonical link → sharer ids sorted by (time, id). */
  private readonly sharers = new Map<string, string[]>();
  /** Canonical URL → the earliest post at that URL. */
  private readonly articles = new Map<string, string>();
  private readonly text: TextIndex;
  /** Links some of whose posts Elasticsearch has are not in memory (evicted, or not loaded with them). */
  private readonly partialLinks = new Set<string>();
  /** Of those, links whose earliest sharer or article may not be in memory. */
  private readonly headless = new Set<string>();
  /** Mentions per story, kept up to date by relabel (cheap size without a traversal). */
  private readonly sizes = new Map<string, number>();
  private dirty = new Set<string>();
  private touched = new Set<string>();
  /** Per node changed by this `add`, its place before (or the one Elasticsearch holds, for a loaded one). */
  private before = new Map<string, string>();

  constructor(private readonly config: Pick<StoriesConfig, 'textWindowSecs' | 'textSimilarity'> & NodeOptions) {
    this.text = new TextIndex(config.textWindowSecs * 1000, config.textSimilarity);
  }

  get size(): number {
    return this.nodes.size;
  }
  node(id: string): StoryNode | undefined {
    return this.nodes.get(id);
  }
  /** Mentions in a story (0 for an unknown or merged-away id). */
  storySize(story: string): number {
    return this.sizes.get(story) ?? 0;
  }
  /**
   * Does the tracker hold a post at this canonical URL or a share of it, and every other one
   * Elasticsearch has? (After an eviction, the remaining sharers of a link may not include the
   * earliest one; the link is then looked up again.)
   */
  knowsLink(link: string): boolean {
    return (this.sharers.has(link) || this.articles.has(link)) && !this.partialLinks.has(link);
  }
  /**
   * Can a post sharing `link`, published as `m`, be placed from memory? Yes if the tracker holds
   * every post at or sharing the link; or the one it is placed under: the article at that URL,
   * or else the earliest sharer, published before `m` (a sharer earlier than every other one
   * becomes their parent: they must all be in memory).
   */
  placesSharer(link: string, m: { time: number; id: string }): boolean {
    if (this.knowsLink(link)) return true;
    if (this.headless.has(link)) return false;
    if (this.articles.has(link)) return true;
    const first = this.sharers.get(link)?.[0];
    return first !== undefined && earlier(this.nodes.get(first)!, m);
  }
  /**
   * What a lookup of `link` in Elasticsearch loaded: every story at or sharing it, only those of
   * its article and earliest sharer, or nothing (the page's posts sharing it do not need them).
   */
  linkLoaded(link: string, loaded: 'every' | 'first' | 'none'): void {
    if (loaded === 'every') this.partialLinks.delete(link);
    else this.partialLinks.add(link);
    if (loaded === 'none') this.headless.add(link);
    else this.headless.delete(link);
  }
  children(id: string): Iterable<string> {
    return this.kids.of(id);
  }

  /** Roots of a story's trees: the top itself, or the orphans waiting for a missing top. */
  roots(story: string): string[] {
    const top = this.nodes.get(story);
    if (top) return top.parentId ? [] : [story];
    return [...this.kids.of(story)];
  }

  /** Every node of a story, breadth-first from its roots. */
  members(story: string): StoryNode[] {
    const out: StoryNode[] = this.roots(story).map((id) => this.nodes.get(id)!);
    for (let i = 0; i < out.length; i++) for (const c of this.children(out[i]!.id)) out.push(this.nodes.get(c)!);
    return out;
  }

  /** Stories with a node that passes `test`. */
  storiesWhere(test: (node: StoryNode) => boolean): Set<string> {
    const out = new Set<string>();
    for (const n of this.nodes.values()) if (test(n)) out.add(n.story);
    return out;
  }

  /**
   * Forget whole stories (quiet ones, to bound memory in a long run). Elasticsearch still has
   * them: a later reply or link to one of their posts reloads it by whole story.
   */
  evict(stories: readonly string[]): number {
    const members = stories.flatMap((story) => this.members(story));
    const links = new Set<string>();
    for (const n of members) {
      this.nodes.delete(n.id);
      this.kids.clear(n.id);
      if (n.parentId) this.kids.delete(n.parentId, n.id);
      for (const link of n.links) {
        const list = this.sharers.get(link)!;
        const i = list.indexOf(n.id);
        if (i === 0) this.headless.add(link);
        list.splice(i, 1);
        if (list.length === 0) this.sharers.delete(link);
        links.add(link);
      }
      if (n.article) links.add(n.article);
      if (n.article && this.articles.get(n.article) === n.id) (this.articles.delete(n.article), this.headless.add(n.article));
    }
    this.text.remove(members.filter((n) => n.words) as TextEntry[]);
    for (const story of stories) this.sizes.delete(story);
    for (const link of links) {
      if (this.sharers.has(link) || this.articles.has(link)) this.partialLinks.add(link);
      else (this.partialLinks.delete(link), this.headless.delete(link));
    }
    return members.length;
  }

  /**
   * Place a page of new mentions. Returns the older mentions that moved and the stories to
   * recompute. `loaded`: the mentions come from Elasticsearch (recovery) with their stored place.
   */
  add(mentions: readonly Mention[], loaded = false): TrackResult {
    this.dirty = new Set();
    this.touched = new Set();
    this.before = new Map();
    const queue = new Set<string>();
    const batch = new Set<string>();
    for (const m of mentions) {
      const known = this.nodes.get(m.id);
      if (known) {
        refreshNode(known, m);
        this.untitle(known);
        if (!loaded) batch.add(m.id);
        // Twice in one page, it is not placed yet: the batch touches its story once it is.
        if (known.story) this.touched.add(known.story);
        continue;
      }
      const n = this.register(m, queue, loaded);
      if (loaded) this.before.set(n.id, placeKey(m.enrichment.story));
      if (!loaded) batch.add(n.id);
      queue.add(n.id);
    }
    for (const id of queue) this.resolve(this.nodes.get(id)!);
    // A pruned text keeps its place; only its words go.
    for (const n of this.text.prune() as StoryNode[]) n.words = n.bands = n.sketch = n.sketch2 = undefined;
    const changed: StoryNode[] = [];
    for (const id of this.dirty) {
      const n = this.nodes.get(id)!;
      if (!batch.has(id) && placeKey(placeOf(n)) !== this.before.get(id)) changed.push(n);
    }
    for (const id of batch) this.touched.add(this.nodes.get(id)!.story);
    const removed = [...this.touched].filter((s) => this.roots(s).length === 0);
    for (const s of removed) this.touched.delete(s);
    return { changed, touched: this.touched, removed };
  }

  /** The place of a tracked mention. */
  place(id: string): StoryPlace | undefined {
    const n = this.nodes.get(id);
    return n && placeOf(n);
  }

  private register(m: Mention, queue: Set<string>, loaded: boolean): StoryNode {
    // A reloaded text older than the near-duplicate index's horizon would only be pruned again:
    // like a pruned one, it keeps the duplicate it chose and is not fingerprinted.
    const stale = loaded && Date.parse(m.publishedAt) < this.text.horizon;
    const n = toNode(m, this.config, !stale);
    const stored = m.enrichment.story;
    if (stale && stored?.parentVia === 'text') (n.parentId = stored.parentId), (n.via = 'text');
    this.untitle(n);
    this.nodes.set(n.id, n);
    for (const link of n.links) {
      let list = this.sharers.get(link);
      if (!list) this.sharers.set(link, (list = []));
      let i = list.length;
      while (i > 0 && earlier(n, this.nodes.get(list[i - 1]!)!)) i--;
      list.splice(i, 0, n.id);
      // A loaded post comes without the others sharing its link (unless the lookup was for them,
      // hooks.ts), and may not be the earliest of them.
      if (loaded) this.partialLinks.add(link);
      if (loaded && i === 0) this.headless.add(link);
      // A new earliest sharer is the inferred parent of every other sharer without evidence.
      if (i === 0) for (const id of list) queue.add(id);
    }
    const article = n.article;
    if (article) {
      const current = this.articles.get(article);
      if (loaded) this.partialLinks.add(article);
      if (!current || earlier(n, this.nodes.get(current)!)) {
        if (loaded) this.headless.add(article);
        this.articles.set(article, n.id);
        for (const id of this.sharers.get(article) ?? []) queue.add(id);
      }
    }
    if (n.words) {
      // The node is its own text entry (id, time, words): no copy per text.
      this.text.add(n as TextEntry);
      for (const id of this.text.laterNeighbours(n as TextEntry)) queue.add(id);
    }
    return n;
  }

  /**
   * Only the top of a story (or of its largest tree) gives it a title, and a stated reply, quote
   * or repost whose parent is tracked is never one: its excerpt need not be kept. (Only a cycle
   * of references, in corrupt data, could make it a top; that story then has no title.)
   */
  private untitle(n: StoryNode) {
    if (n.ref && this.nodes.has(n.ref)) n.excerpt = '';
  }

  private choose(n: StoryNode): Choice {
    return chooseParent(n, {
      article: (link) => this.articles.get(link),
      firstSharer: (link) => this.sharers.get(link)?.[0],
      // A text pruned from the index (lsh.ts `prune`) keeps the duplicate it chose.
      earlierDuplicate: (x) => (x.words ? this.text.earliestBefore(x as TextEntry)?.id : x.via === 'text' ? x.parentId : undefined),
      isBelow: (id, x) => this.isBelow(id, x),
    });
  }

  /** Is `id` in the subtree of `n`? (An edge to it would close a cycle.) */
  private isBelow(id: string, n: StoryNode): boolean {
    if (!this.kids.has(n.id)) return false;
    for (let x = this.nodes.get(id); x; x = x.parentId ? this.nodes.get(x.parentId) : undefined) if (x.id === n.id) return true;
    return false;
  }

  private resolve(n: StoryNode) {
    let c = this.choose(n);
    // Explicit references can close a cycle only in corrupt data; the later-resolved edge is dropped.
    if (c.parentId && c.parentId !== n.parentId && this.nodes.has(c.parentId) && this.isBelow(c.parentId, n)) c = { inferred: false };
    if (n.story && c.parentId === n.parentId && c.via === n.via && c.inferred === n.inferred) return;
    this.remember(n);
    if (n.parentId) this.kids.delete(n.parentId, n.id);
    n.parentId = c.parentId;
    n.via = c.via;
    n.inferred = c.inferred;
    if (c.parentId) this.kids.add(c.parentId, n.id);
    this.relabel(n);
  }

  private remember(n: StoryNode) {
    if (n.story && !this.before.has(n.id)) this.before.set(n.id, placeKey(placeOf(n)));
  }

  /** Recompute story id and depth of `start` and its subtree; stops where nothing changes. */
  private relabel(start: StoryNode) {
    const stack = [start];
    let first = true;
    while (stack.length) {
      const n = stack.pop()!;
      const p = n.parentId ? this.nodes.get(n.parentId) : undefined;
      if (p && !p.story) continue; // parent not placed yet: its own relabel reaches n
      const story = !n.parentId ? n.id : p ? p.story : n.parentId;
      const depth = p ? p.depth + 1 : 0;
      if (n.story === story && n.depth === depth && !first) continue;
      first = false;
      this.remember(n);
      if (n.story) {
        this.touched.add(n.story);
        const left = this.sizes.get(n.story)! - 1;
        if (left) this.sizes.set(n.story, left);
        else this.sizes.delete(n.story);
      }
      this.touched.add(story);
      this.sizes.set(story, (this.sizes.get(story) ?? 0) + 1);
      n.story = story;
      n.depth = depth;
      this.dirty.add(n.id);
      for (const c of this.children(n.id)) stack.push(this.nodes.get(c)!);
    }
  }
}

/**
 * Parent id → child ids. Most parents have one child: it is stored bare, a set only from the
 * second on (a set per parent cost ~130 bytes of every tracked mention).
 */
class Children {
  private readonly map = new Map<string, string | Set<string>>();

  of(parent: string): Iterable<string> {
    const c = this.map.get(parent);
    return c === undefined ? [] : typeof c === 'string' ? [c] : c;
  }
  has(parent: string): boolean {
    return this.map.has(parent);
  }
  add(parent: string, child: string) {
    const c = this.map.get(parent);
    if (c === undefined) this.map.set(parent, child);
    else if (typeof c === 'string') this.map.set(parent, new Set([c, child]));
    else c.add(child);
  }
  delete(parent: string, child: string) {
    const c = this.map.get(parent);
    if (c === child) this.map.delete(parent);
    else if (typeof c === 'object') {
      c.delete(child);
      if (c.size === 1) this.map.set(parent, c.values().next().value!);
    }
  }
  clear(parent: string) {
    this.map.delete(parent);
  }
}

import { treeMetrics, timeTo, velocity, type TreeMetrics, type Velocity } from './metrics.ts';
import { publishedAt } from './node.ts';
import type { StoryNode, StoryTracker } from './tracker.ts';

/** The document in the stories index (template index/templates/v1/stories.json). */
export interface StoryDoc {
  id: string;
  title: string;
  brands: string[];
  topics: string[];
  platforms: string[];
  sources: string[];
  size: number;
  uniqueAuthors: number;
  depth: number;
  maxBreadth: number;
  trees: number;
  /** Structural virality of the largest tree. */
  virality: number;
  /** Per tree, largest first (at most 100): its root, size, depth and virality. */
  viralityPerTree: { root: string; size: number; depth: number; virality: number }[];
  velocity: Velocity;
  timeTo: Record<string, number>;
  firstSeen: string;
  lastSeen: string;
  updatedAt: string;
  origin: { mentionId: string; authorHandle?: string; platform: string; url?: string };
  reach: number;
  staff: { started: boolean; amplified: boolean; replied: boolean; named: boolean; people: string[] };
  sentiment: { positive: number; neutral: number; negative: number; mean?: number };
  /** What rykte inferred or could not resolve (docs/stories.md "What is inferred"). */
  inferred: number;
  orphans: number;
  missingParents: string[];
  skewed: number;
}

/**
 * Is a touched story's document due? Up to `largeStoryMentions` on every write; above that once
 * it has grown 5% since its last document, so a story of n mentions costs O(n) in total.
 */
export const storyDue = (size: number, lastWritten: number | undefined, largeStoryMentions: number) =>
  size <= largeStoryMentions || size >= (lastWritten ?? 0) * 1.05;

const byTime = (a: StoryNode, b: StoryNode) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sorted = (set: Set<string>) => [...set].sort();

/**
 * A story's document from the tracker's nodes: a pure function of the nodes (and `updatedAt`).
 * Velocity is measured at the story's newest mention, so re-running an import gives the same
 * figures; with live data that is "now". One pass over the nodes (this runs for every touched
 * story on every page), reusing the trees' breadth-first order instead of a second traversal.
 */
export function buildStory(tracker: StoryTracker, id: string, opts: { velocityWindowSecs: number; now: Date }): StoryDoc | undefined {
  const roots = tracker.roots(id);
  if (roots.length === 0) return undefined;
  const trees: TreeMetrics[] = roots.map((r) => treeMetrics(r, (x) => tracker.children(x)));
  trees.sort((a, b) => b.size - a.size || byTime(tracker.node(a.root)!, tracker.node(b.root)!));
  const size = trees.reduce((a, t) => a + t.size, 0);
  const times = new Float64Array(size);
  const brands = new Set<string>();
  const topics = new Set<string>();
  const platforms = new Set<string>();
  const sources = new Set<string>();
  const people = new Set<string>();
  const missing = new Set<string>();
  const followers = new Map<string, number>();
  const sentiment = { positive: 0, neutral: 0, negative: 0, mean: undefined as number | undefined };
  const staff = { started: false, amplified: false, replied: false, named: false };
  let first = tracker.node(trees[0]!.root)!;
  let last = first;
  let i = 0;
  let scored = 0;
  let sum = 0;
  let inferred = 0;
  let orphans = 0;
  let skewed = 0;
  for (const tree of trees) {
    for (const nodeId of tree.order) {
      const n = tracker.node(nodeId)!;
      times[i++] = n.time;
      if (byTime(n, first) < 0) first = n;
      if (byTime(n, last) > 0) last = n;
      for (const b of n.brands) brands.add(b);
      for (const t of n.topics) topics.add(t);
      platforms.add(n.platform);
      sources.add(n.source);
      const seen = followers.get(n.authorKey);
      if (seen === undefined || n.followers > seen) followers.set(n.authorKey, n.followers);
      if (n.sentiment) {
        const label = n.sentiment as 'positive' | 'neutral' | 'negative';
        if (label in sentiment) sentiment[label]++;
        scored++;
        sum += n.sentimentScore;
      }
      const byStaff = (n.staff.authoredBy?.length ?? 0) > 0;
      if (byStaff && !n.parentId) staff.started = true;
      if ((byStaff && (n.via === 'repost' || n.via === 'quote')) || (n.staff.amplifiedBy?.length ?? 0) > 0) staff.amplified = true;
      if (byStaff && n.via === 'reply') staff.replied = true;
      if ((n.staff.mentions?.length ?? 0) > 0) staff.named = true;
      for (const p of n.staff.people ?? []) people.add(p);
      if (n.inferred) inferred++;
      if (n.parentId) {
        const parent = tracker.node(n.parentId);
        if (!parent) {
          orphans++;
          missing.add(n.parentId);
          if (byStaff) staff.started = true; // an orphan is the root of its tree
        } else if (n.time < parent.time) skewed++;
      }
    }
  }
  times.sort();
  if (scored) sentiment.mean = sum / scored;
  const breadths: number[] = [];
  for (const t of trees) t.breadths.forEach((b, d) => (breadths[d] = (breadths[d] ?? 0) + b));
  const top = tracker.node(id) ?? tracker.node(trees[0]!.root)!;
  let reach = 0;
  for (const f of followers.values()) reach += f;
  return {
    id,
    title: top.excerpt,
    brands: sorted(brands),
    topics: sorted(topics),
    platforms: sorted(platforms),
    sources: sorted(sources),
    size,
    uniqueAuthors: followers.size,
    depth: trees.reduce((a, t) => Math.max(a, t.depth), 0),
    maxBreadth: breadths.reduce((a, b) => (b > a ? b : a), 0),
    trees: trees.length,
    virality: trees[0]!.virality,
    // The 100 largest trees: a story of thousands of orphaned replies must not make a huge document.
    viralityPerTree: trees.slice(0, 100).map((t) => ({ root: t.root, size: t.size, depth: t.depth, virality: t.virality })),
    velocity: velocity(times, last.time, opts.velocityWindowSecs),
    timeTo: timeTo(times),
    firstSeen: publishedAt(first),
    lastSeen: publishedAt(last),
    updatedAt: opts.now.toISOString(),
    origin: { mentionId: first.id, authorHandle: first.authorHandle, platform: first.platform, url: first.url },
    reach,
    staff: { ...staff, people: sorted(people) },
    sentiment,
    inferred,
    orphans,
    missingParents: sorted(missing),
    skewed,
  };
}

import { treeMetrics, timeTo, velocity, type TreeMetrics, type Velocity } from './metrics.ts';
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

const byTime = (a: StoryNode, b: StoryNode) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
function union(nodes: StoryNode[], pick: (n: StoryNode) => Iterable<string | undefined>): string[] {
  const out = new Set<string>();
  for (const n of nodes) for (const x of pick(n)) if (x) out.add(x);
  return [...out].sort();
}

/**
 * A story's document from the tracker's nodes: a pure function of the nodes (and `updatedAt`).
 * Velocity is measured at the story's newest mention, so re-running an import gives the same
 * figures; with live data that is "now".
 */
export function buildStory(tracker: StoryTracker, id: string, opts: { velocityWindowSecs: number; now: Date }): StoryDoc | undefined {
  const roots = tracker.roots(id);
  if (roots.length === 0) return undefined;
  const trees: TreeMetrics[] = roots.map((r) => treeMetrics(r, (x) => tracker.children(x)));
  trees.sort((a, b) => b.size - a.size || byTime(tracker.node(a.root)!, tracker.node(b.root)!));
  const nodes = tracker.members(id);
  // Linear scans and a typed-array sort of times: this runs for every touched story on every page.
  let first = nodes[0]!;
  let last = nodes[0]!;
  const times = new Float64Array(nodes.length);
  nodes.forEach((n, i) => {
    times[i] = n.time;
    if (byTime(n, first) < 0) first = n;
    if (byTime(n, last) > 0) last = n;
  });
  times.sort();
  const breadths: number[] = [];
  for (const t of trees) t.breadths.forEach((b, d) => (breadths[d] = (breadths[d] ?? 0) + b));
  const top = tracker.node(id) ?? tracker.node(trees[0]!.root)!;
  const followers = new Map<string, number>();
  for (const n of nodes) followers.set(n.authorKey, Math.max(followers.get(n.authorKey) ?? 0, n.followers));
  const staffOf = (n: StoryNode) => n.staff.authoredBy ?? [];
  const sentiment = { positive: 0, neutral: 0, negative: 0, mean: undefined as number | undefined };
  let scored = 0;
  let sum = 0;
  for (const n of nodes) {
    if (!n.sentiment) continue;
    const label = n.sentiment.label as 'positive' | 'neutral' | 'negative';
    if (label in sentiment) sentiment[label]++;
    scored++;
    sum += n.sentiment.score;
  }
  if (scored) sentiment.mean = sum / scored;
  const missing = new Set<string>();
  let orphans = 0;
  let skewed = 0;
  for (const n of nodes) {
    const parent = n.parentId ? tracker.node(n.parentId) : undefined;
    if (n.parentId && !parent) {
      orphans++;
      missing.add(n.parentId);
    }
    if (parent && n.time < parent.time) skewed++;
  }
  return {
    id,
    title: top.excerpt,
    brands: union(nodes, (n) => n.brands),
    topics: union(nodes, (n) => n.topics),
    platforms: union(nodes, (n) => [n.platform]),
    sources: union(nodes, (n) => [n.source]),
    size: nodes.length,
    uniqueAuthors: followers.size,
    depth: trees.reduce((a, t) => Math.max(a, t.depth), 0),
    maxBreadth: breadths.reduce((a, b) => (b > a ? b : a), 0),
    trees: trees.length,
    virality: trees[0]!.virality,
    // The 100 largest trees: a story of thousands of orphaned replies must not make a huge document.
    viralityPerTree: trees.slice(0, 100).map((t) => ({ root: t.root, size: t.size, depth: t.depth, virality: t.virality })),
    velocity: velocity(times, last.time, opts.velocityWindowSecs),
    timeTo: timeTo(times),
    firstSeen: first.publishedAt,
    lastSeen: last.publishedAt,
    updatedAt: opts.now.toISOString(),
    origin: { mentionId: first.id, authorHandle: first.authorHandle, platform: first.platform, url: first.url },
    reach: [...followers.values()].reduce((a, b) => a + b, 0),
    staff: {
      started: roots.some((r) => staffOf(tracker.node(r)!).length > 0),
      amplified: nodes.some((n) => (staffOf(n).length > 0 && (n.via === 'repost' || n.via === 'quote')) || (n.staff.amplifiedBy?.length ?? 0) > 0),
      replied: nodes.some((n) => staffOf(n).length > 0 && n.via === 'reply'),
      named: nodes.some((n) => (n.staff.mentions?.length ?? 0) > 0),
      people: union(nodes, (n) => n.staff.people ?? []),
    },
    sentiment,
    inferred: nodes.filter((n) => n.inferred).length,
    orphans,
    missingParents: [...missing].sort(),
    skewed,
  };
}

/**
 * Cascade metrics as pure functions of a tree (children lists) or of mention times.
 * Everything is linear in the number of nodes: one breadth-first pass per tree.
 */

export interface TreeMetrics {
  root: string;
  size: number;
  /** Max hops from the root. */
  depth: number;
  /** Most nodes at one depth. */
  maxBreadth: number;
  /** Nodes per depth, index = hops from the root. */
  breadths: number[];
  /** Wiener index: sum of distances over all unordered pairs of nodes. */
  wiener: number;
  /** Structural virality (Goel et al. 2016): mean distance over all pairs, 0 for a single node. */
  virality: number;
  /** Node ids in breadth-first order (callers reuse it instead of traversing again). */
  order: string[];
}

/** ν = 2W / (n(n − 1)): the mean shortest-path distance between two nodes of the tree. */
export function structuralVirality(size: number, wiener: number): number {
  return size < 2 ? 0 : (2 * wiener) / (size * (size - 1));
}

/**
 * Metrics of the tree under `root`. `children(id)` lists a node's children. The Wiener index
 * is Σ over edges of s·(n − s), s the size of the subtree below the edge: every pair of nodes
 * on opposite sides of an edge has its path cross that edge once.
 */
export function treeMetrics(root: string, children: (id: string) => Iterable<string>): TreeMetrics {
  // Breadth-first order: parents before children, so a reverse pass sums subtree sizes.
  const order: string[] = [root];
  const parentIndex: number[] = [-1];
  const depthOf: number[] = [0];
  const breadths: number[] = [1];
  for (let i = 0; i < order.length; i++) {
    for (const child of children(order[i]!)) {
      const d = depthOf[i]! + 1;
      order.push(child);
      parentIndex.push(i);
      depthOf.push(d);
      breadths[d] = (breadths[d] ?? 0) + 1;
    }
  }
  const n = order.length;
  const subtree = new Float64Array(n).fill(1);
  let wiener = 0;
  for (let i = n - 1; i > 0; i--) {
    const s = subtree[i]!;
    wiener += s * (n - s);
    subtree[parentIndex[i]!]! += s;
  }
  return {
    root,
    size: n,
    depth: breadths.length - 1,
    // A loop, not Math.max(...breadths): a 100,000-deep chain would overflow the argument list.
    maxBreadth: breadths.reduce((a, b) => (b > a ? b : a), 0),
    breadths,
    wiener,
    virality: structuralVirality(n, wiener),
    order,
  };
}

export interface Velocity {
  /** Mentions per hour in the window ending at `at`. */
  current: number;
  /** Mentions per hour in the window before that. */
  previous: number;
  /** current / previous; a previous of 0 counts as 1 so a new story's ratio is its current rate. */
  ratio: number;
}

/** Mentions per hour in (at − w, at] against (at − 2w, at − w]. Times in ms. */
export function velocity(times: Iterable<number>, at: number, windowSecs: number): Velocity {
  const w = windowSecs * 1000;
  let current = 0;
  let previous = 0;
  for (const t of times) {
    if (t > at - w && t <= at) current++;
    else if (t > at - 2 * w && t <= at - w) previous++;
  }
  const perHour = 3_600_000 / w;
  return { current: current * perHour, previous: previous * perHour, ratio: (current * perHour) / Math.max(previous * perHour, 1) };
}

/** Seconds from the first mention until the story reached each size; absent if not reached. */
export function timeTo(sortedTimes: ArrayLike<number>, sizes: readonly number[] = [10, 100, 1000]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const size of sizes) {
    if (sortedTimes.length >= size) out[String(size)] = Math.round((sortedTimes[size - 1]! - sortedTimes[0]!) / 1000);
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { structuralVirality, timeTo, treeMetrics, velocity } from '../../../enrich/stories/metrics.ts';

const tree = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? [];
const starEdges = (n: number) => ({ r: Array.from({ length: n - 1 }, (_, i) => `c${i}`) });
const chainEdges = (n: number) => Object.fromEntries(Array.from({ length: n - 1 }, (_, i) => [i === 0 ? 'r' : `c${i}`, [`c${i + 1}`]]));

describe('treeMetrics', () => {
  it('gives a single node virality 0, depth 0, breadth 1', () => {
    expect(treeMetrics('r', tree({}))).toMatchObject({ size: 1, depth: 0, maxBreadth: 1, wiener: 0, virality: 0 });
  });

  it('gives a star of n nodes virality 2(n−1)/n', () => {
    for (const n of [2, 3, 5, 10, 1000]) {
      const m = treeMetrics('r', tree(starEdges(n)));
      expect(m).toMatchObject({ size: n, depth: 1, maxBreadth: Math.max(1, n - 1) });
      expect(m.virality).toBeCloseTo((2 * (n - 1)) / n, 12);
    }
  });

  it('gives a chain of n nodes virality (n+1)/3 and depth n−1', () => {
    for (const n of [2, 3, 7, 100, 100_000]) {
      const m = treeMetrics('r', tree(chainEdges(n)));
      expect(m).toMatchObject({ size: n, depth: n - 1, maxBreadth: 1 });
      expect(m.virality).toBeCloseTo((n + 1) / 3, 9);
    }
  });

  it('computes the Wiener index of a balanced binary tree', () => {
    const m = treeMetrics('r', tree({ r: ['a', 'b'], a: ['a1', 'a2'], b: ['b1', 'b2'] }));
    // 4 leaf edges: 1·6 each; 2 inner edges: 3·4 each → W = 48, ν = 96/42.
    expect(m).toMatchObject({ size: 7, depth: 2, maxBreadth: 4, breadths: [1, 2, 4], wiener: 48 });
    expect(m.virality).toBeCloseTo(16 / 7, 12);
  });

  it('agrees with brute-force all-pairs distances on an irregular tree', () => {
    const edges = { r: ['a', 'b', 'c'], a: ['d'], d: ['e', 'f'], c: ['g'] };
    const parent: Record<string, string> = {};
    for (const [p, cs] of Object.entries(edges)) for (const c of cs) parent[c] = p;
    const path = (x: string) => { const out = [x]; while (parent[out.at(-1)!]) out.push(parent[out.at(-1)!]!); return out; };
    const ids = ['r', ...Object.keys(parent)];
    let sum = 0;
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
      const a = path(ids[i]!); const b = path(ids[j]!);
      const common = a.find((x) => b.includes(x))!;
      sum += a.indexOf(common) + b.indexOf(common);
    }
    const m = treeMetrics('r', tree(edges));
    expect(m.wiener).toBe(sum);
    expect(m.virality).toBeCloseTo(structuralVirality(8, sum), 12);
  });
});

describe('velocity', () => {
  const h = 3_600_000;
  it('counts mentions per hour in the last window against the one before', () => {
    const at = 10 * h;
    const times = [at, at - 1, at - h + 1, at - h, at - 2 * h + 1, at - 2 * h];
    expect(velocity(times, at, 3600)).toEqual({ current: 3, previous: 2, ratio: 1.5 });
  });
  it('scales to per hour for shorter windows and treats an empty previous window as 1', () => {
    expect(velocity([0, 1, 2], 2, 900)).toEqual({ current: 12, previous: 0, ratio: 12 });
  });
});

describe('timeTo', () => {
  it('gives seconds from the first mention to the 10th and 100th, and nothing for sizes not reached', () => {
    const times = Array.from({ length: 150 }, (_, i) => i * 2000);
    expect(timeTo(times)).toEqual({ 10: 18, 100: 198 });
  });
});

import type { Mention } from '../../model/mention.ts';
import { mention } from './mentions.ts';

/**
 * Cascade builders: a tree given as `child → parent` native ids becomes reply mentions, one
 * minute apart in breadth-first order, with distinct authors (text unique per node so no two
 * posts are near-duplicates).
 */
export function cascade(parents: Record<string, string | null>, opts: { via?: 'replyTo' | 'quoteOf' | 'repostOf'; start?: string; platform?: string } = {}): Mention[] {
  const start = Date.parse(opts.start ?? '2026-11-20T10:00:00Z');
  return Object.entries(parents).map(([id, parent], i) =>
    mention({
      platform: opts.platform ?? 'x',
      nativeId: id,
      author: { id: `a-${id}`, handle: `h${id}`, followers: 100 },
      text: `post ${id}`,
      publishedAt: new Date(start + i * 60_000).toISOString(),
      references: parent ? { [opts.via ?? 'replyTo']: { id: parent } } : {},
    }),
  );
}

/** Star: `root` with n − 1 direct children. */
export const star = (root: string, n: number) =>
  Object.fromEntries([[root, null], ...Array.from({ length: n - 1 }, (_, i) => [`${root}-${i + 1}`, root])]) as Record<string, string | null>;

/** Chain: each node replies to the previous one. */
export const chain = (root: string, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [i === 0 ? root : `${root}-${i}`, i === 0 ? null : i === 1 ? root : `${root}-${i - 1}`]));

/** Balanced binary tree of the given depth (2^(depth+1) − 1 nodes), heap-numbered. */
export const binary = (root: string, depth: number) =>
  Object.fromEntries(Array.from({ length: 2 ** (depth + 1) - 1 }, (_, i) => [i === 0 ? root : `${root}-${i}`, i === 0 ? null : Math.floor((i - 1) / 2) === 0 ? root : `${root}-${Math.floor((i - 1) / 2)}`]));

/** Deterministic PRNG (mulberry32) so shuffles are reproducible. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same tree as import-format lines (what `rykte import` reads), one minute apart. */
export function cascadeLines(parents: Record<string, string | null>, opts: { via?: 'replyTo' | 'quoteOf' | 'repostOf'; start?: string; platform?: string } = {}) {
  const start = Date.parse(opts.start ?? '2026-11-20T10:00:00Z');
  return Object.entries(parents).map(([id, parent], i) => ({
    platform: opts.platform ?? 'x',
    id,
    author: { id: `a-${id}`, handle: `h${id}`, followers: 100 },
    text: `post ${id}`,
    publishedAt: new Date(start + i * 60_000).toISOString(),
    ...(parent ? { [opts.via ?? 'replyTo']: parent } : {}),
  }));
}

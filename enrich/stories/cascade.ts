import type { StoryNode, Via } from './node.ts';

/** A mention's parent in the spread, and whether it was stated or inferred. */
export interface Choice {
  parentId?: string;
  via?: Via;
  inferred: boolean;
}

/** What the parent rules need to know about the other mentions. */
export interface Lookups {
  /** The earliest post at this canonical URL. */
  article(link: string): string | undefined;
  /** The earliest post sharing this canonical link. */
  firstSharer(link: string): string | undefined;
  /** The earliest near-duplicate published before `n` within the text window. */
  earlierDuplicate(n: StoryNode): string | undefined;
  /** Is `id` in the subtree of `n`? (An edge to it would close a cycle.) */
  isBelow(id: string, n: StoryNode): boolean;
}

/**
 * The parent rules (docs/stories.md), first match wins: a stated reply, quote or repost (a
 * repost's parent is the reposted post: X credits every retweet to the original, and we invent
 * no intermediate hops); the source article of a shared link; the earliest earlier sharer of
 * the link; the earliest earlier near-duplicate text. Inferred edges never close a cycle.
 */
export function chooseParent(n: StoryNode, look: Lookups): Choice {
  if (n.ref) return { parentId: n.ref, via: n.refVia, inferred: false };
  for (const link of n.links) {
    const a = look.article(link);
    if (a && a !== n.id && !look.isBelow(a, n)) return { parentId: a, via: 'link', inferred: true };
  }
  for (const link of n.links) {
    const first = look.firstSharer(link);
    if (first && first !== n.id && !look.isBelow(first, n)) return { parentId: first, via: 'link', inferred: true };
  }
  const dup = look.earlierDuplicate(n);
  if (dup && !look.isBelow(dup, n)) return { parentId: dup, via: 'text', inferred: true };
  return { inferred: false };
}

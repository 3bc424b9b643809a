import type { Mention } from '../model/mention.ts';
import type { StateStore } from './state.ts';

/**
 * Authors erased with `rykte forget`: their posts are not indexed again, whichever way they
 * come back (a collector, a stream spool, an import, a replay of rejected documents). One
 * state document per author (kind `erased-author`), so every instance sharing the cluster reads
 * the same list; `rykte forget --lift` removes one.
 */
export const ERASED_AUTHOR = 'erased-author';

/**
 * The key an author is erased under: `platform:id` as given, or a handle as `@handle`, lower
 * case (a handle names its author on every platform, whatever its case).
 */
export function erasedKey(author: string): string {
  const colon = author.indexOf(':');
  return colon > 0 && !author.startsWith('@') ? author : `@${author.replace(/^@/, '').toLowerCase()}`;
}

/** Does one of `keys` name this author? */
export function isErased(keys: ReadonlySet<string>, m: Pick<Mention, 'platform' | 'author'>): boolean {
  if (keys.size === 0) return false;
  if (m.author.id && keys.has(`${m.platform}:${m.author.id}`)) return true;
  return m.author.handle !== undefined && keys.has(`@${m.author.handle.replace(/^@/, '').toLowerCase()}`);
}

export async function erasedAuthors(state: StateStore): Promise<Set<string>> {
  return new Set((await state.list(ERASED_AUTHOR)).map((e) => e.key));
}

export async function listErased(state: StateStore): Promise<{ key: string; erasedAt: string }[]> {
  return (await state.list<{ erasedAt: string }>(ERASED_AUTHOR)).map((e) => ({ key: e.key, erasedAt: e.value.erasedAt }));
}

export async function markErased(state: StateStore, author: string, at: Date): Promise<void> {
  await state.put(ERASED_AUTHOR, erasedKey(author), { erasedAt: at.toISOString() });
}

/** Whether the author was on the list. */
export async function liftErased(state: StateStore, author: string): Promise<boolean> {
  return state.delete(ERASED_AUTHOR, erasedKey(author));
}

import type { Client, estypes } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';
import { searchAll } from './search-all.ts';
import { StateStore } from './state.ts';

/**
 * The alerts side of `rykte forget`: alerts whose evidence holds an erased mention lose it
 * (`mentionIds`, `topMentions`); one keyed on the author (new voice: key `brand:handle`,
 * summary `@handle`, `details.author`) names them `(erased)`; and rule state that remembers
 * them (new voice's announced `brand:handle` pairs) forgets them.
 */
interface StoredAlert {
  mentionIds: string[];
  topMentions?: { id: string }[];
  key: string;
  summary: string;
  details?: { author?: { id?: string; handle?: string } };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alerts with any of these mentions in their evidence (ids 10,000 at a time: a terms query takes at most 65,536). */
export async function alertsWith(client: Client, names: IndexNames, ids: string[]) {
  const found = new Map<string, estypes.SearchHit<StoredAlert>>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const query = { terms: { mentionIds: ids.slice(i, i + 10_000) } };
    for (const hit of await searchAll<StoredAlert>(client, { index: names.alias('alerts'), query, sort: [{ id: 'asc' }], ignore_unavailable: true, allow_no_indices: true })) found.set(hit._id!, hit);
  }
  return [...found.values()];
}

/** `keys`: how rules name the author (handles, or ids where they have none). */
export async function eraseFromAlerts(client: Client, names: IndexNames, hits: estypes.SearchHit<StoredAlert>[], ids: Set<string>, keys: string[]): Promise<void> {
  const scrub = (text: string, pattern: (k: string) => string) => keys.reduce((t, k) => t.replace(new RegExp(pattern(escape(k)), 'g'), (m) => m.replace(k, '(erased)')), text);
  const named = (a?: { id?: string; handle?: string }) => !!a && ((a.handle !== undefined && keys.includes(a.handle)) || (a.id !== undefined && keys.includes(a.id)));
  const operations = hits.flatMap((h) => {
    const alert = h._source!;
    const doc: Record<string, unknown> = {
      mentionIds: alert.mentionIds.filter((id) => !ids.has(id)),
      topMentions: (alert.topMentions ?? []).filter((m) => !ids.has(m.id)),
      key: scrub(alert.key, (k) => `(^|:)${k}$`),
      summary: scrub(alert.summary, (k) => `@${k}\\b`),
    };
    if (named(alert.details?.author)) doc.details = { ...alert.details, author: null, url: null };
    return [{ update: { _index: h._index, _id: h._id! } }, { doc }];
  });
  if (operations.length) {
    const response = await client.bulk({ operations, refresh: true });
    const failed = response.items.find((i) => i.update?.error);
    if (failed) throw new Error(`forget: updating alert ${failed.update?._id} failed: ${failed.update?.error?.reason}`);
  }
  // New voice remembers `brand:author` pairs it announced.
  const state = new StateStore(client, names);
  for (const { key, value } of await state.list<{ until: number; state?: { announced?: Record<string, number> } }>('alert-rule')) {
    const announced = value.state?.announced;
    if (!announced) continue;
    const kept = Object.fromEntries(Object.entries(announced).filter(([pair]) => !keys.includes(pair.slice(pair.indexOf(':') + 1))));
    if (Object.keys(kept).length !== Object.keys(announced).length) await state.put('alert-rule', key, { ...value, state: { ...value.state, announced: kept } });
  }
}

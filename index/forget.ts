import type { Client, estypes } from '@elastic/elasticsearch';
import type { StoriesConfig } from '../enrich/stories/config.ts';
import { buildStory } from '../enrich/stories/story.ts';
import { StoryTracker } from '../enrich/stories/tracker.ts';
import type { Mention } from '../model/mention.ts';
import type { IndexNames } from './names.ts';
import { allMentions, moveMentions, storyMentions, writeStories } from './stories.ts';
import { alertsWith, eraseFromAlerts } from './forget-alerts.ts';
import { erasedKey, isErased, markErased } from './erased.ts';
import { searchAll } from './search-all.ts';
import { StateStore } from './state.ts';

/**
 * `rykte forget --author`: erase one author's mentions (a data subject's request). Their
 * mentions are deleted, the stories they were part of are rebuilt from the mentions left (the
 * same story code as ingest, so metrics are what they would have been without them), error
 * records holding their rejected documents are deleted, and alerts and rule state forget them
 * (index/forget-alerts.ts).
 */
export interface ForgetReport {
  mentions: number;
  storiesRebuilt: number;
  storiesDeleted: number;
  errorRecords: number;
  alerts: number;
}

/** `platform:id` (the author id on that platform) or a handle (`@` optional), on any platform. */
export function authorQuery(author: string): estypes.QueryDslQueryContainer {
  const colon = author.indexOf(':');
  if (colon > 0) return { bool: { filter: [{ term: { platform: author.slice(0, colon) } }, { term: { 'author.id': author.slice(colon + 1) } }] } };
  return { term: { 'author.handle': { value: author.replace(/^@/, ''), case_insensitive: true } } };
}

async function bulk(client: Client, operations: unknown[], what: string) {
  for (let i = 0; i < operations.length; i += 2000) {
    const response = await client.bulk({ operations: operations.slice(i, i + 2000) as estypes.BulkRequest['operations'], refresh: true });
    const failed = response.items.map((item) => Object.values(item)[0]!).find((r) => r.error && r.status !== 404);
    if (failed) throw new Error(`forget: ${what} failed for ${failed._id}: ${failed.error?.reason}`);
  }
}

/**
 * Every hit of `query` in `index` (ids and sources, or the `fields` of them), oldest first by
 * `sortField`, through a point in time: its tiebreaker pages past records that share a time
 * (a page's problems are recorded with one).
 */
async function allHits<T>(client: Client, index: string, query: estypes.QueryDslQueryContainer, sortField: string, fields?: string[]) {
  const pit = await client.openPointInTime({ index, keep_alive: '1m', ignore_unavailable: true, allow_partial_search_results: false });
  try {
    return await searchAll<T>(client, { pit: { id: pit.id, keep_alive: '1m' }, query, sort: [{ [sortField]: 'asc' }], _source: fields ?? true });
  } finally {
    await client.closePointInTime({ id: pit.id }).catch(() => {});
  }
}

/** Rebuild these stories from their remaining mentions; delete those left with none. */
async function rebuildStories(client: Client, names: IndexNames, config: StoriesConfig, storyIds: string[], now: Date) {
  const remaining = storyIds.length ? await storyMentions(client, names, storyIds) : [];
  const tracker = new StoryTracker(config);
  const { changed } = tracker.add(remaining, true);
  await moveMentions(client, names, changed, true);
  const stories = new Set(remaining.map((m) => tracker.node(m.id)!.story));
  const docs = [...stories].flatMap((id) => buildStory(tracker, id, { velocityWindowSecs: config.velocityWindowSecs, now }) ?? []);
  const gone = storyIds.filter((id) => !stories.has(id));
  await writeStories(client, names, docs, gone, true);
  return { rebuilt: docs.length, deleted: gone.length };
}

export async function forgetAuthor(
  client: Client,
  names: IndexNames,
  stories: StoriesConfig,
  author: string,
  options: { dryRun?: boolean; now?: () => Date } = {},
): Promise<ForgetReport> {
  const mentions = await allMentions(client, names, authorQuery(author));
  const ids = mentions.map((m) => m.id);
  const storyIds = [...new Set(mentions.flatMap((m) => (m.enrichment.story?.id ? [m.enrichment.story.id] : [])))];
  // Records of their documents: indexed ones by id, and rejected ones never indexed by the
  // author stored with them (not searchable: read from each rejected record).
  const erased = new Set([erasedKey(author)]);
  const idSet = new Set(ids);
  const records = await allHits<{ documentId: string; document?: Mention }>(client, names.alias('errors'), { exists: { field: 'documentId' } }, '@timestamp', ['documentId', 'document.platform', 'document.author']);
  const errorHits = records.filter(({ _source: r }) => idSet.has(r!.documentId) || (r!.document?.author !== undefined && isErased(erased, r!.document)));
  const alertHits = await alertsWith(client, names, ids);
  const report: ForgetReport = { mentions: ids.length, storiesRebuilt: 0, storiesDeleted: 0, errorRecords: errorHits.length, alerts: alertHits.length };
  if (options.dryRun) return { ...report, storiesRebuilt: storyIds.length };
  const now = (options.now ?? (() => new Date()))();
  // First, so an instance collecting meanwhile stops indexing them at its next run.
  await markErased(new StateStore(client, names), author, now);
  await bulk(client, errorHits.flatMap((h) => [{ delete: { _index: h._index, _id: h._id } }]), 'deleting error records');
  if (ids.length === 0) return report;

  await bulk(client, mentions.flatMap((m: Mention) => [{ delete: { _index: names.index('mentions', m.publishedAt), _id: m.id } }]), 'deleting mentions');
  // How rules name an author: the handle, or the id where there is none (alerts/rules/new-voice.ts).
  const keys = [...new Set(mentions.flatMap((m) => {
    const key = m.author.handle ?? m.author.id;
    return key ? [key] : [];
  }))];
  await eraseFromAlerts(client, names, alertHits, new Set(ids), keys);
  const { rebuilt, deleted } = await rebuildStories(client, names, stories, storyIds, now);
  return { ...report, storiesRebuilt: rebuilt, storiesDeleted: deleted };
}

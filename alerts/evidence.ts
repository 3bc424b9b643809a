import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from '../index/names.ts';
import type { AlertDoc } from './alert.ts';
import type { RuleConfig } from './config.ts';
import { discoverUrl } from './discover.ts';
import { topMentions, type Evidence } from './query.ts';
import { rules } from './rules/index.ts';
import type { Match } from './rules/rule.ts';

/**
 * What an alert shows as proof: the top mentions behind a match (its story's, its own, or the
 * most-followed authors' in the current window of its key), the brands of all of them (what
 * the dashboards' brand filter reads), and a Kibana Discover link.
 */
export async function evidence(client: Client, names: IndexNames, rule: RuleConfig, match: Match): Promise<Evidence> {
  if (match.storyId) {
    const window = match.window ?? { from: match.at, to: match.at };
    return topMentions(client, names, { from: Date.parse(window.from), to: Date.parse(window.to) + 1, queryKey: 'enrichment.story.id', key: match.storyId });
  }
  if (match.mentionIds?.length) {
    return topMentions(client, names, { from: Date.parse(match.at), to: Date.parse(match.at) + 1, queryKey: 'id', key: match.mentionIds[0] });
  }
  // The window ends at the start of the bucket that triggered the match: include that bucket.
  const bucketMs = (rules[rule.type]!.bucketSecs?.(rule) ?? 0) * 1000;
  const to = Date.parse(match.window?.to ?? match.at) + bucketMs;
  return topMentions(client, names, { from: Date.parse(match.at), to, queryKey: (rule as { query_key?: string }).query_key, key: match.key, filter: rule.filter });
}

export function alertDoc(id: string, now: Date, rule: RuleConfig, match: Match, { top, brands }: Evidence, query: unknown, kibanaUrl?: string): AlertDoc {
  const queryKey = (rule as { query_key?: string }).query_key;
  const terms = match.storyId ? { 'enrichment.story.id': match.storyId } : queryKey && match.key !== 'all' ? { [queryKey]: match.key } : {};
  return {
    id,
    '@timestamp': now.toISOString(),
    rule: rule.name,
    type: rule.type,
    key: match.key,
    matchTime: match.at,
    summary: match.summary,
    current: match.current,
    reference: match.reference,
    storyId: match.storyId,
    mentionIds: match.mentionIds?.length ? match.mentionIds : top.map((m) => m.id),
    topMentions: top,
    brands,
    window: match.window,
    query,
    details: match.details,
    discoverUrl: kibanaUrl && match.window ? discoverUrl(kibanaUrl, match.window, terms) : undefined,
    notifications: [],
  };
}

import type { Collector } from './collector.ts';
import { importCollector } from './import.ts';
import { twitterCollector } from './twitter.ts';
import { rssCollector } from './rss.ts';
import { mastodonCollector } from './mastodon.ts';
import { blueskyCollector } from './bluesky.ts';

/** Collectors by the `type` name sources use in rykte.yml. */
export const collectors: Record<string, Collector> = {
  import: importCollector,
  twitter: twitterCollector,
  rss: rssCollector,
  mastodon: mastodonCollector,
  bluesky: blueskyCollector,
};

import type { TTweetv2Expansion, TTweetv2TweetField, TTweetv2UserField, TweetV2, TwitterV2IncludesHelper, UserV2 } from 'twitter-api-v2';
import { mentionId, type Mention, type PostRef } from '../model/mention.ts';

/**
 * Pure reading of X API v2 tweets into Mentions: no requests here, so the search and the
 * stream paths read the same way and tests can read fixture bodies directly.
 */

/** The query parameters every request asks for (search and stream alike). */
export const tweetFields: { expansions: TTweetv2Expansion[]; 'tweet.fields': TTweetv2TweetField[]; 'user.fields': TTweetv2UserField[] } = {
  expansions: ['author_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id', 'entities.mentions.username'],
  'tweet.fields': ['created_at', 'lang', 'public_metrics', 'entities', 'conversation_id', 'referenced_tweets', 'author_id', 'in_reply_to_user_id'],
  'user.fields': ['username', 'name', 'public_metrics'],
};

/** X's epoch for snowflake ids (2010-11-04T01:42:54.657Z). */
const twitterEpochMs = 1288834974657n;

/** When a tweet id was minted: the top bits of a snowflake are milliseconds since X's epoch. */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + twitterEpochMs));
}

/** The smallest id X could mint at `at`: a `since_id` standing for a time when no tweet id is at hand. */
export function snowflakeAt(at: Date): string {
  return String((BigInt(at.getTime()) - twitterEpochMs) << 22n);
}

/** Numeric order of tweet ids (they outgrow JS numbers, and string order fails on length). */
export function newerId(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

function author(user: UserV2 | undefined, id: string | undefined): Mention['author'] {
  return {
    id: user?.id ?? id,
    handle: user?.username,
    name: user?.name,
    followers: user?.public_metrics?.followers_count,
    url: user?.username ? `https://x.com/${user.username}` : undefined,
  };
}

/** The parent of a reply, quote or repost: its id always, its author when the includes have it. */
function parentRef(includes: TwitterV2IncludesHelper, tweet: TweetV2, type: 'replied_to' | 'quoted' | 'retweeted'): PostRef | undefined {
  const ref = tweet.referenced_tweets?.find((r) => r.type === type);
  if (!ref) return undefined;
  const parent = includes.tweetById(ref.id);
  // A reply names its parent's author even when the parent tweet is not expanded (deleted, protected).
  const authorId = parent?.author_id ?? (type === 'replied_to' ? tweet.in_reply_to_user_id : undefined);
  const user = authorId ? includes.userById(authorId) : undefined;
  return strip({ id: ref.id, authorId, authorHandle: user?.username });
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** One tweet to a Mention; throws with the tweet id when a required field is missing. */
export function readTweet(tweet: TweetV2, includes: TwitterV2IncludesHelper, source: string, collectedAt: string): Mention {
  if (!tweet.id) throw new Error('tweet without an id');
  if (!tweet.created_at || Number.isNaN(Date.parse(tweet.created_at))) throw new Error(`tweet ${tweet.id}: missing or invalid created_at (is tweet.fields=created_at requested?)`);
  const user = tweet.author_id ? includes.userById(tweet.author_id) : undefined;
  const links = tweet.entities?.urls?.map((u) => u.unwound_url ?? u.expanded_url ?? u.url).filter(Boolean);
  const mentions = tweet.entities?.mentions?.map((m) => m.username);
  return {
    id: mentionId('x', tweet.id),
    platform: 'x',
    source,
    nativeId: tweet.id,
    url: `https://x.com/${user?.username ?? 'i/web'}/status/${tweet.id}`,
    author: strip(author(user, tweet.author_id)),
    text: tweet.text ?? '',
    language: tweet.lang && /^[a-z]{2}$/.test(tweet.lang) ? tweet.lang : undefined,
    publishedAt: new Date(tweet.created_at).toISOString(),
    collectedAt,
    references: strip({
      replyTo: parentRef(includes, tweet, 'replied_to'),
      quoteOf: parentRef(includes, tweet, 'quoted'),
      repostOf: parentRef(includes, tweet, 'retweeted'),
      links: links?.length ? links : undefined,
      mentions: mentions?.length ? mentions : undefined,
    }),
    enrichment: {},
  };
}

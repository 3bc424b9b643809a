import { TwitterV2IncludesHelper } from 'twitter-api-v2';
import { describe, expect, it } from 'vitest';
import { newerId, readTweet, snowflakeAt, snowflakeTime } from '../../ingest/twitter-read.ts';
import { xFixture } from '../helpers/x-server.ts';

const query = xFixture('search_tweets_query.json');

describe('reading X API v2 tweets', () => {
  it('reads the time a tweet id was minted', () => {
    // 1276035977375477760 was created at 2020-06-25T06:14:19.000Z (fixture); ids carry milliseconds.
    expect(snowflakeTime('1276035977375477760').toISOString()).toBe('2020-06-25T06:14:19.265Z');
    expect(snowflakeTime(snowflakeAt(new Date('2026-11-23T10:00:00Z'))).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('orders ids numerically, not as strings', () => {
    expect(newerId('999999999999999999', '1000000000000000000')).toBe('1000000000000000000');
    expect(newerId(undefined, '5')).toBe('5');
    expect(newerId('5', undefined)).toBe('5');
  });

  it('refuses a tweet without created_at and names it', () => {
    const { created_at: _, ...tweet } = query.data[0];
    expect(() => readTweet(tweet, new TwitterV2IncludesHelper(query), 's', '2026-11-23T00:00:00.000Z')).toThrow(
      'tweet 1276035977375477760: missing or invalid created_at (is tweet.fields=created_at requested?)',
    );
  });

  it('reads a tweet whose author is not in the includes with what it has', () => {
    const mention = readTweet({ ...query.data[0], author_id: '1' }, new TwitterV2IncludesHelper({ data: [] } as never), 's', '2026-11-23T00:00:00.000Z');
    expect(mention.author).toEqual({ id: '1' });
    expect(mention.url).toBe('https://x.com/i/web/status/1276035977375477760');
    expect(mention.references.replyTo).toEqual({ id: '1275653067283759104', authorId: '17200003' });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mastodonCollector, mastodonConfig } from '../../ingest/mastodon.ts';
import { blueskyCollector, blueskyConfig } from '../../ingest/bluesky.ts';
import { json, loopback } from '../helpers/loopback.ts';

const fixture = (dir: string, name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures', dir, name), 'utf8'));
const now = new Date('2026-11-23T12:00:00Z');
const ctx = { baseDir: '.', log: pino({ level: 'silent' }), now: () => now };
const signal = () => AbortSignal.timeout(5000);

// Two loopback servers on different ports are two origins: the instance, and where it redirects.
let instance: Awaited<ReturnType<typeof loopback>>;
let elsewhere: Awaited<ReturnType<typeof loopback>>;

beforeAll(async () => {
  elsewhere = await loopback((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path.startsWith('/api/v1/timelines/tag/')) return json(res, 200, fixture('mastodon', 'tag-fjallvind.json'));
    return json(res, 200, fixture('bluesky', 'search-fjallvind.json'));
  });
  instance = await loopback((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    // Same origin first (credentials kept), then off to the other origin.
    if (path.startsWith('/moved/')) return json(res, 302, {}, { location: `${elsewhere.url}${req.url.slice('/moved'.length)}` });
    return json(res, 301, {}, { location: `/moved${req.url}` });
  });
});
afterAll(async () => {
  await instance.close();
  await elsewhere.close();
});

describe('credentials and redirects', () => {
  it('mastodon: the bearer token goes to the instance but not to another origin it redirects to', async () => {
    const config = mastodonConfig.parse({ type: 'mastodon', name: 'm', instance: instance.url, hashtags: ['fjallvind'], accessToken: 'mastodon-secret-token' });
    const page = await mastodonCollector.create(config, ctx).fetchPage(undefined, signal());
    expect(page.mentions).toHaveLength(fixture('mastodon', 'tag-fjallvind.json').length);
    expect(instance.requests.map((r) => r.headers.authorization)).toEqual(['Bearer mastodon-secret-token', 'Bearer mastodon-secret-token']);
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]!.headers.authorization).toBeUndefined();
    expect(elsewhere.requests[0]!.headers.accept).toBe('application/json');
  });

  it('bluesky: the bearer token goes to the service but not to another origin it redirects to', async () => {
    instance.requests.length = 0;
    elsewhere.requests.length = 0;
    const config = blueskyConfig.parse({ type: 'bluesky', name: 'b', service: instance.url, query: 'fjällvind', accessToken: 'bluesky-secret-token' });
    const page = await blueskyCollector.create(config, ctx).fetchPage(undefined, signal());
    expect(page.mentions.length).toBe(fixture('bluesky', 'search-fjallvind.json').posts.length);
    expect(instance.requests.map((r) => r.headers.authorization)).toEqual(['Bearer bluesky-secret-token', 'Bearer bluesky-secret-token']);
    expect(elsewhere.requests.map((r) => r.headers.authorization)).toEqual([undefined]);
  });
});

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mastodonCollector, mastodonConfig } from '../../ingest/mastodon.ts';
import { blueskyCollector, blueskyConfig } from '../../ingest/bluesky.ts';
import { twitterCollector } from '../../ingest/twitter.ts';
import { rssCollector, rssConfig } from '../../ingest/rss.ts';
import { setAddressPolicy } from '../../ingest/http-get.ts';
import { nonPublic } from '../../ingest/address-guard.ts';
import { elasticsearchUrl } from '../helpers/elasticsearch.ts';
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

  it('twitter: the X client follows no redirect at all, so its bearer token stays with the API', async () => {
    instance.requests.length = 0;
    elsewhere.requests.length = 0;
    const config = twitterCollector.configSchema.parse({ type: 'twitter', name: 'x', bearerToken: 'x-secret-bearer-token', queries: ['fjällvind'], baseUrl: `${instance.url}/2/` });
    await expect(twitterCollector.create(config, ctx).fetchPage(undefined, signal())).rejects.toThrow();
    expect(instance.requests.map((r) => r.headers.authorization)).toEqual(['Bearer x-secret-bearer-token']);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('untrusted feed URLs (security.blockPrivateAddresses)', () => {
  const feeds = (...urls: string[]) => rssCollector.create(rssConfig.parse({ type: 'rss', name: 'f', feeds: urls, queries: ['fjällvind'] }), ctx);
  const problems = async (url: string) => (await feeds(url).fetchPage(undefined, signal())).problems.map((p) => [p.errorType, p.message]);
  const es = () => new URL(elasticsearchUrl());
  // A second loopback address: an "outside" feed host the test allows, that redirects inward.
  let outside: Server;
  let outsideRequests = 0;

  beforeAll(async () => {
    outside = createServer((_req, res) => {
      outsideRequests++;
      res.writeHead(302, { location: `${elasticsearchUrl()}/_cat/indices` }).end();
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.2', resolve));
  });
  afterAll(() => {
    setAddressPolicy({ blockPrivateAddresses: false, allowAddresses: [] });
    outside.closeAllConnections();
    return new Promise<void>((resolve) => outside.close(() => resolve()));
  });

  it('is off by default: a self-hosted install may read feeds on its own network', async () => {
    setAddressPolicy({ blockPrivateAddresses: false, allowAddresses: [] });
    // Elasticsearch answers (JSON, not a feed): the request went through.
    expect((await problems(`${elasticsearchUrl()}/_cluster/health`))[0]![0]).toBe('parse');
  });

  it('refuses a feed pointing at the Elasticsearch API, by address and by a name that resolves to it', async () => {
    setAddressPolicy({ blockPrivateAddresses: true, allowAddresses: [] });
    expect(await problems(`${elasticsearchUrl()}/_search`)).toEqual([
      ['blocked_address', `rss collector: GET ${elasticsearchUrl()}/_search refused: 127.0.0.1 is a loopback address: refused by security.blockPrivateAddresses`],
    ]);
    const byName = await problems(`http://localhost:${es().port}/_search`);
    expect(byName[0]![0]).toBe('blocked_address');
    expect(byName[0]![1]).toMatch(/^rss collector: GET http:\/\/localhost:\d+\/_search refused: localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
  });

  it('refuses a redirect from an allowed host to a loopback address', async () => {
    setAddressPolicy({ blockPrivateAddresses: true, allowAddresses: ['127.0.0.2'] });
    const { port } = outside.address() as { port: number };
    expect(await problems(`http://127.0.0.2:${port}/feed.xml`)).toEqual([
      ['blocked_address', `rss collector: GET ${elasticsearchUrl()}/_cat/indices refused: 127.0.0.1 is a loopback address: refused by security.blockPrivateAddresses`],
    ]);
    expect(outsideRequests).toBe(1);
  });

  it('knows the non-public ranges, IPv4 and IPv6', () => {
    expect(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0'].map(nonPublic)).toEqual([
      'loopback', 'private', 'private', 'private', 'link-local', 'shared (CGNAT)', 'loopback', 'link-local', 'unique local (private)', 'loopback', '"this network"',
    ]);
    expect(['93.184.216.34', '2606:2800:220:1::1', '172.32.0.1'].map(nonPublic)).toEqual([undefined, undefined, undefined]);
  });
});

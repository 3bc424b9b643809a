import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopback } from '../helpers/loopback.ts';
import { rykte, rykteWith } from '../helpers/cli.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';

// A feed source with more feeds than one run reads, one of them down, through the real CLI.
let dir: string;
let config: string;
let server: Awaited<ReturnType<typeof loopback>>;
let env: Awaited<ReturnType<typeof testPipeline>>;
const item = (id: string, date = '<pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>') => `<item><guid>https://blog.example/${id}</guid><title>${id}</title>${date}</item>`;
const rss = (items: string) => `<rss version="2.0"><channel><title>Blog</title>${items}</channel></rss>`;

beforeAll(async () => {
  server = await loopback((req, res) => {
    if (req.url === '/down') return void res.writeHead(503).end('down');
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(req.url === '/one' ? rss(item('a1') + item('a2', '')) : rss(item('c1')));
  });
  dir = await mkdtemp(join(tmpdir(), 'rykte-feeds-'));
  env = await testPipeline({}, dir);
  const feeds = [`${server.url}/one`, `${server.url}/down`, `${server.url}/three`];
  config = join(dir, 'rykte.yml');
  await writeFile(
    config,
    `elasticsearch:\n  indexPrefix: ${env.prefix}\nstaff:\n  - { id: anna, name: Anna Lind }\nsources:\n  - type: rss\n    name: blogs\n    kind: staff-blog\n    person: anna\n    maxPagesPerRun: 2\n    feeds: ${JSON.stringify(feeds)}\n`,
  );
});
afterAll(async () => {
  await server.close();
  await env.cleanup();
});

describe('rss feeds through rykte once and rykte status', () => {
  let first: Awaited<ReturnType<typeof rykte>>;

  it('reads two feeds per run, says so, and exits non-zero because one feed failed', async () => {
    first = await rykteWith({ RYKTE_LOG_LEVEL: 'info' })(config, 'once');
    expect(first.code).toBe(1);
    expect(first.stdout.trim()).toBe(`blogs: 2 indexed, 0 rejected, 2 problems; 1 feed(s) failed: ${server.url}/down; stopped after 2 pages (maxPagesPerRun); the next run continues from there`);
  });

  it('logs one summary line per feed, no warning per item, and no URL twice in a line', () => {
    const lines = first.stderr.trim().split('\n').map((l) => JSON.parse(l));
    const feedLines = lines.filter((l) => ['ingest.feed_read', 'ingest.problem', 'ingest.limited'].includes(l.event));
    expect(feedLines.map((l) => [l.event, l.msg])).toEqual([
      ['ingest.feed_read', `blogs: ${server.url}/one: 2 items, 2 new; problems: 1 date`],
      ['ingest.problem', `blogs: rss collector: GET ${server.url}/down returned HTTP 503`],
      ['ingest.limited', 'blogs: stopped after 2 pages (maxPagesPerRun); the next run continues from there'],
    ]);
    expect(lines.filter((l) => l.msg.split(server.url).length > 2)).toEqual([]);
  });

  it('continues with the remaining feed on the next run, so every feed is read across runs', async () => {
    const second = await rykte(config, 'once');
    expect([second.code, second.stdout.trim()]).toEqual([0, 'blogs: 1 indexed, 0 rejected, 0 problems']);
    await env.client.indices.refresh({ index: env.names.alias('mentions') });
    const ids = (await env.client.search({ index: env.names.alias('mentions'), size: 10 })).hits.hits.map((h) => h._id).sort();
    expect(ids).toEqual(['rss:https://blog.example/a1', 'rss:https://blog.example/a2', 'rss:https://blog.example/c1']);
  });

  it('shows each feed with its health in rykte status, and the source degraded', async () => {
    const json = await rykte(config, 'status', '--json');
    expect(json.code).toBe(1);
    const [source] = JSON.parse(json.stdout);
    expect(source.health).toBe('degraded');
    expect(source.feeds.map((f: any) => [f.url, f.health, f.items, f.lastErrorType ?? null, !!f.lastSuccessAt])).toEqual([
      [`${server.url}/one`, 'ok', 2, null, true],
      [`${server.url}/down`, 'failing', 0, 'http', false],
      [`${server.url}/three`, 'ok', 1, null, true],
    ]);
    const table = (await rykte(config, 'status')).stdout.split('\n');
    expect(table.find((l) => l.includes('/down'))).toMatch(new RegExp(`^blogs\\s+${server.url}/down\\s+failing\\s+-\\s+0\\s+http: rss collector: GET ${server.url}/down returned HTTP 503$`));
  });
});

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cursor } from '../../ingest/collector.ts';
import { rssCollector, rssConfig } from '../../ingest/rss.ts';
import { htmlToText } from '../../ingest/html.ts';
import type { BrandConfig } from '../../enrich/config.ts';
import { drain } from '../helpers/pages.ts';
import { logLines } from '../setup.ts';
import { assertCollectorCompliance } from '../helpers/collector-compliance.ts';
import { loopback } from '../helpers/loopback.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { createSource, runSource } from '../../ingest/runner.ts';

// Real feeds and rss-parser's expected parses (MIT, see the folder's LICENSE and SOURCE.txt).
const fixturesDir = join(import.meta.dirname, '..', 'fixtures', 'rss-real');
const now = new Date('2026-11-23T12:00:00Z');
let clock = now;
const ctx = (brands?: BrandConfig[]) => ({ baseDir: '.', log: pino({ level: 'silent' }), now: () => clock, brands });
const signal = () => AbortSignal.timeout(5000);

type Script = (path: string, headers: Record<string, any>) => { status?: number; headers?: Record<string, string>; body?: string | Buffer; delayMs?: number } | undefined;
let script: Script = () => undefined;
let server: Awaited<ReturnType<typeof loopback>>;

beforeAll(async () => {
  server = await loopback(async (req, res) => {
    const path = req.url;
    const scripted = script(path, req.headers);
    if (scripted) {
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      res.writeHead(scripted.status ?? 200, scripted.headers ?? { 'content-type': 'application/rss+xml; charset=utf-8' });
      return void res.end(scripted.body ?? '');
    }
    const name = path.replace(/^\/fixtures\//, '');
    const body = await readFile(join(fixturesDir, 'input', name));
    // encoding.rss is served the way its origin served it: charset=latin1 in the header.
    const type = name === 'encoding.rss' ? 'text/xml; charset=latin1' : name.endsWith('.atom') ? 'application/atom+xml' : 'application/rss+xml';
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
});
afterAll(() => server.close());

function source(raw: Record<string, unknown>, brands?: BrandConfig[]) {
  const config = rssConfig.parse({ type: 'rss', name: 'feeds', kind: 'staff-blog', person: 'anna', ...raw });
  return rssCollector.create(config, ctx(brands));
}

const run = (src: ReturnType<typeof source>, cursor?: Cursor, sig = signal) => drain(src, cursor, sig);

const rss = (items: { guid: string; title: string; date?: string; body?: string }[], extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link>${extra}` +
  items.map((i) => `<item><guid>${i.guid}</guid><title>${i.title}</title><link>${i.guid}</link><pubDate>${i.date ?? 'Mon, 23 Nov 2026 08:00:00 GMT'}</pubDate><description>${i.body ?? i.title}</description></item>`).join('') +
  `</channel></rss>`;

describe('rss collector: real feeds', () => {
  it('passes the collector compliance checks, items without guid or link included', async () => {
    script = (path) => (path === '/compliance' ? { body: rss([{ guid: 'urn:cc:1', title: 'Med id' }]).replace('</channel>', '<item><title>Utan id</title><description>Bara text</description></item></channel>') } : undefined);
    const result = await assertCollectorCompliance({
      collector: rssCollector,
      config: { type: 'rss', name: 'blogs', kind: 'staff-blog', person: 'anna', feeds: [`${server.url}/compliance`, `${server.url}/fixtures/rss-1.rss`] },
      ctx: { now: () => now },
      minMentions: 4,
    });
    expect(result.pages.map((p) => [p.mentions.length, p.done])).toEqual([[2, false], [expect.any(Number), true]]);
    expect(result.mentions[1]!.nativeId).toMatch(new RegExp(`^${server.url}/compliance#content:[0-9a-f]{32}$`));
  });


  it('reads every fixture feed with the titles, links and dates rss-parser expects', async () => {
    const names = (await readdir(join(fixturesDir, 'input'))).filter((n) => !['unrecognized.rss', 'itunes-missing-image.rss'].includes(n)).sort();
    expect(names).toHaveLength(28);
    for (const name of names) {
      const url = `${server.url}/fixtures/${name}`;
      const { mentions, problems } = await run(source({ feeds: [url] }));
      const raw = await readFile(join(fixturesDir, 'output', name.replace(/\.\w+$/, '.json')));
      const expected = JSON.parse(name === 'encoding.rss' ? iconv.decode(raw, 'latin1') : raw.toString('utf8')).feed.items as Record<string, any>[];
      // Every item, also one without guid, id or link (it gets an id from its content); an item with nothing in it is reported.
      const identified = expected.filter((i) => Object.keys(i).length);
      expect(mentions.length, name).toBe(identified.length);
      expect(mentions.map((m) => m.url ?? null), name).toEqual(identified.map((i) => (i.link ? new URL(i.link, url).toString() : null)));
      expect(mentions.map((m) => m.publishedAt), name).toEqual(identified.map((i) => i.isoDate ?? now.toISOString()));
      // uolNoticias.json was made by reading ISO-8859-1 as UTF-8 upstream (U+FFFD): its text is no oracle.
      // rss-parser keeps titles raw (entities, markup); rykte reduces them to plain text as it does bodies.
      if (name !== 'uolNoticias.rss') expect(mentions.map((m) => m.title ?? null), name).toEqual(identified.map((i) => (typeof i.title === 'string' && htmlToText(i.title) ? htmlToText(i.title) : null)));
      const expectedProblems = [...(name === 'uolNoticias.rss' ? ['charset'] : []), ...(expected.length > identified.length ? ['validation'] : [])];
      expect(problems.filter((p) => p.errorType !== 'date').map((p) => p.errorType), name).toEqual(expectedProblems);
      expect(problems.filter((p) => p.errorType === 'date').length, name).toBe(identified.filter((i) => !i.isoDate).length);
    }
  });

  it('decodes the ISO-8859-1 feeds right, where the upstream output has replacement characters', async () => {
    const uol = await run(source({ feeds: [`${server.url}/fixtures/uolNoticias.rss`] }));
    expect(uol.mentions.map((m) => m.title).join(' ')).not.toContain('\uFFFD');
    expect(uol.problems).toContainEqual(expect.objectContaining({ errorType: 'charset' }));
    const jn = await run(source({ feeds: [`${server.url}/fixtures/encoding.rss`] }));
    expect(jn.mentions[0]!.language).toBe('pt');
    expect(jn.mentions.map((m) => m.title).join(' ')).toMatch(/[áéíóúãõç]/);
  });

  it('reports a document that is not a feed and indexes nothing from it', async () => {
    const { mentions, problems } = await run(source({ feeds: [`${server.url}/fixtures/unrecognized.rss`] }));
    expect(mentions).toEqual([]);
    expect(problems).toEqual([{ where: `${server.url}/fixtures/unrecognized.rss`, errorType: 'parse', message: `rss collector: ${server.url}/fixtures/unrecognized.rss is not a readable feed: not RSS, RDF or Atom (root element <head>)` }]);
  });

  it('maps an item to a mention: ids, staff author, text without HTML, links from the content', async () => {
    const { mentions } = await run(source({ feeds: [`${server.url}/fixtures/content-encoded.rss`] }));
    const m = mentions[0]!;
    expect(m.id).toBe(`rss:${m.nativeId}`);
    expect(m.author).toMatchObject({ handle: 'anna', id: `${server.url}/fixtures/content-encoded.rss` });
    expect(m.text).not.toMatch(/<[a-z]/i);
    expect(m.references.links!.length).toBeGreaterThan(0);
    expect(m.references.links!.every((l) => /^https?:\/\//.test(l))).toBe(true);
  });
});

describe('rss collector: the network', () => {
  it('reads several feeds one page each; one broken feed among three still yields the other two', async () => {
    script = (path) =>
      path === '/a' ? { body: rss([{ guid: 'https://blog.example/a1', title: 'A1' }]) }
      : path === '/b' ? { status: 503, body: 'down' }
      : path === '/c' ? { body: rss([{ guid: 'https://blog.example/c1', title: 'C1' }, { guid: 'https://blog.example/c2', title: 'C2' }]) }
      : undefined;
    const { mentions, problems, pages, cursor } = await run(source({ feeds: [`${server.url}/a`, `${server.url}/b`, `${server.url}/c`] }));
    expect(pages.map((p) => p.done)).toEqual([false, false, true]);
    expect(mentions.map((m) => m.id)).toEqual(['rss:https://blog.example/a1', 'rss:https://blog.example/c1', 'rss:https://blog.example/c2']);
    expect(problems).toEqual([{ where: `${server.url}/b`, errorType: 'http', message: `rss collector: GET ${server.url}/b returned HTTP 503` }]);
    expect((cursor as any).next).toBe(0);
  });

  it('never returns an item twice, however the feed re-orders, re-dates or re-emits it', async () => {
    let items: { guid: string; title: string; date?: string }[] = [{ guid: 'https://blog.example/1', title: 'One' }, { guid: 'https://blog.example/2', title: 'Two' }];
    script = (path) => (path === '/blog' ? { body: rss(items) } : undefined);
    const src = source({ feeds: [`${server.url}/blog`] });
    const first = await run(src);
    expect(first.mentions.map((m) => m.nativeId)).toEqual(['https://blog.example/1', 'https://blog.example/2']);
    // Re-dated, re-ordered, with a tracking parameter and fragment on the GUID, plus one new item.
    items = [
      { guid: 'https://blog.example/3', title: 'Three' },
      { guid: 'https://blog.example/2?utm_source=feed#top', title: 'Two (updated)', date: 'Tue, 24 Nov 2026 09:00:00 GMT' },
      { guid: 'https://blog.example/1', title: 'One', date: 'Wed, 25 Nov 2026 09:00:00 GMT' },
    ];
    const second = await run(src, first.cursor);
    expect(second.mentions.map((m) => m.nativeId)).toEqual(['https://blog.example/3']);
    const third = await run(src, second.cursor);
    expect(third.mentions).toEqual([]);
  });

  it('forgets items absent longer than seenTtlDays, and keeps those still in the feed', async () => {
    let items = [{ guid: 'urn:x:1', title: 'One' }, { guid: 'urn:x:2', title: 'Two' }];
    script = (path) => (path === '/ttl' ? { body: rss(items) } : undefined);
    const src = source({ feeds: [`${server.url}/ttl`], seenTtlDays: 2 });
    clock = new Date('2026-11-01T00:00:00Z');
    const first = await run(src);
    items = [{ guid: 'urn:x:2', title: 'Two' }];
    clock = new Date('2026-11-02T12:00:00Z');
    const second = await run(src, first.cursor);
    expect(Object.keys((second.cursor as any).feeds[`${server.url}/ttl`].seen)).toHaveLength(2);
    clock = new Date('2026-11-04T00:00:00Z');
    const third = await run(src, second.cursor);
    expect(Object.keys((third.cursor as any).feeds[`${server.url}/ttl`].seen)).toHaveLength(1);
    items = [{ guid: 'urn:x:1', title: 'One' }, { guid: 'urn:x:2', title: 'Two' }];
    const fourth = await run(src, third.cursor);
    expect(fourth.mentions.map((m) => m.nativeId)).toEqual(['urn:x:1']);
    clock = now;
  });

  it('caps the seen-set at seenMax, keeping the most recently seen', async () => {
    const items = Array.from({ length: 15 }, (_, i) => ({ guid: `urn:cap:${i}`, title: `T${i}` }));
    script = (path) => (path === '/cap' ? { body: rss(items) } : undefined);
    const { cursor, mentions } = await run(source({ feeds: [`${server.url}/cap`], seenMax: 10 }));
    expect(mentions).toHaveLength(15);
    expect(Object.keys((cursor as any).feeds[`${server.url}/cap`].seen)).toHaveLength(10);
  });

  it('sends the stored ETag and Last-Modified; a 304 is an empty page that keeps the state', async () => {
    const seenHeaders: Record<string, any>[] = [];
    script = (path, headers): ReturnType<Script> => {
      if (path !== '/cond') return undefined;
      seenHeaders.push(headers);
      if (headers['if-none-match'] === '"v1"') return { status: 304, headers: {} };
      return { headers: { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Mon, 23 Nov 2026 08:00:00 GMT' }, body: rss([{ guid: 'urn:c:1', title: 'C' }]) };
    };
    const src = source({ feeds: [`${server.url}/cond`] });
    const first = await run(src);
    expect(first.mentions).toHaveLength(1);
    const second = await run(src, first.cursor);
    expect(seenHeaders[1]).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Mon, 23 Nov 2026 08:00:00 GMT' });
    expect(second).toMatchObject({ mentions: [], problems: [] });
    expect(logLines.filter((l) => l.event === 'ingest.feed_read').map((l) => l.msg).at(-1)).toBe(`feeds: ${server.url}/cond: not modified since the last read (304)`);
    expect(second.cursor).toEqual(first.cursor);
  });

  it('on a 429 leaves that feed alone until Retry-After and reads the others meanwhile', async () => {
    let busy = true;
    script = (path) =>
      path === '/busy' ? (busy ? { status: 429, headers: { 'retry-after': '120' } } : { body: rss([{ guid: 'urn:busy:1', title: 'Busy' }]) })
      : path === '/calm' ? { body: rss([{ guid: 'urn:calm:1', title: 'Calm' }]) }
      : undefined;
    const src = source({ feeds: [`${server.url}/busy`, `${server.url}/calm`] });
    const first = await run(src);
    const retryAt = new Date(now.getTime() + 120_000).toISOString();
    expect(first.mentions.map((m) => m.nativeId)).toEqual(['urn:calm:1']);
    expect(first.problems).toEqual([{ where: `${server.url}/busy`, errorType: 'rate_limit', message: `rss collector: ${server.url}/busy answered 429 Too Many Requests; not asked again before ${retryAt}` }]);
    expect((first.cursor as any).feeds[`${server.url}/busy`]).toMatchObject({ retryAt, health: { lastErrorType: 'rate_limit' } });
    // Before Retry-After the feed is not requested at all; after it, it is read and the wait forgotten.
    busy = false;
    const asked = server.requests.filter((r) => r.url === '/busy').length;
    const early = await run(src, first.cursor);
    expect([early.mentions, early.problems, server.requests.filter((r) => r.url === '/busy').length]).toEqual([[], [], asked]);
    clock = new Date(now.getTime() + 121_000);
    const later = await run(src, early.cursor);
    clock = now;
    expect(later.mentions.map((m) => m.nativeId)).toEqual(['urn:busy:1']);
    expect((later.cursor as any).feeds[`${server.url}/busy`].retryAt).toBeUndefined();
  });

  it('gives up on a slow feed after feedTimeoutSecs, reports it as that feed\'s timeout and reads the next', async () => {
    script = (path) => (path === '/slow' ? { delayMs: 2000, body: rss([]) } : path === '/fast' ? { body: rss([{ guid: 'urn:fast:1', title: 'Fast' }]) } : undefined);
    const { mentions, problems, pages, cursor } = await run(source({ feeds: [`${server.url}/slow`, `${server.url}/fast`], feedTimeoutSecs: 0.2 }));
    expect(mentions.map((m) => m.nativeId)).toEqual(['urn:fast:1']);
    expect(problems).toEqual([{ where: `${server.url}/slow`, errorType: 'timeout', message: `rss collector: GET ${server.url}/slow timed out after 0.2s` }]);
    expect(pages.map((p) => p.failed)).toEqual([[`${server.url}/slow`], undefined]);
    expect((cursor as any).feeds[`${server.url}/slow`].health).toMatchObject({ lastErrorType: 'timeout', items: 0 });
    expect((cursor as any).feeds[`${server.url}/fast`].health).toEqual({ lastRunAt: now.toISOString(), lastSuccessAt: now.toISOString(), items: 1 });
  });

  it('leaves an abort by the runner (its page timeout, shutdown) to the runner', async () => {
    script = (path) => (path === '/slow' ? { delayMs: 2000, body: rss([]) } : undefined);
    const error = await source({ feeds: [`${server.url}/slow`] }).fetchPage(undefined, AbortSignal.timeout(150)).catch((e) => e);
    expect(error.message).toBe(`rss collector: GET ${server.url}/slow aborted: timed out`);
  });

  it('refuses a feedTimeoutSecs that the page timeout would cut short', () => {
    const result = rssConfig.safeParse({ type: 'rss', name: 'b', feeds: ['https://x.example/feed'], timeoutSecs: 10, feedTimeoutSecs: 10 });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['feedTimeoutSecs', 'Expected `feedTimeoutSecs` to be less than `timeoutSecs` (the page timeout would end the run first)']]);
  });

  it('detects a redirect loop and caps redirect chains', async () => {
    script = (path) =>
      path === '/loop1' ? { status: 301, headers: { location: '/loop2' } }
      : path === '/loop2' ? { status: 302, headers: { location: `${server.url}/loop1` } }
      : path.startsWith('/hop') ? { status: 302, headers: { location: `/hop${Number(path.slice(4)) + 1}` } }
      : path === '/moved' ? { status: 301, headers: { location: '/a' } }
      : path === '/a' ? { body: rss([{ guid: 'urn:moved:1', title: 'Moved' }]) }
      : undefined;
    const loop = await run(source({ feeds: [`${server.url}/loop1`] }));
    expect(loop.problems).toEqual([{ where: `${server.url}/loop1`, errorType: 'redirect_loop', message: `rss collector: redirect loop: ${server.url}/loop1 -> ${server.url}/loop2 -> ${server.url}/loop1` }]);
    const hops = await run(source({ feeds: [`${server.url}/hop0`], maxRedirects: 3 }));
    expect(hops.problems.map((p) => [p.errorType, p.message])).toEqual([['too_many_redirects', `rss collector: more than 3 redirects from ${server.url}/hop0`]]);
    const moved = await run(source({ feeds: [`${server.url}/moved`] }));
    expect(moved.mentions.map((m) => m.nativeId)).toEqual(['urn:moved:1']);
  });

  it('stops reading a feed larger than maxBytes, with or without Content-Length', async () => {
    const big = rss(Array.from({ length: 200 }, (_, i) => ({ guid: `urn:big:${i}`, title: 'x'.repeat(100) })));
    script = (path) => (path === '/big' ? { body: big } : undefined);
    const { mentions, problems } = await run(source({ feeds: [`${server.url}/big`], maxBytes: 4096 }));
    expect(mentions).toEqual([]);
    expect(problems).toEqual([{ where: `${server.url}/big`, errorType: 'too_large', message: `rss collector: ${server.url}/big is larger than maxBytes (4096 bytes); not read further` }]);
  });

  it('decodes ISO-8859-1 served without a charset header from the XML declaration', async () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Nyheter</title><item><guid>urn:l:1</guid><title>Fjällvind öppnar i Växjö</title></item></channel></rss>';
    script = (path) => (path === '/latin1' ? { headers: { 'content-type': 'application/xml' }, body: iconv.encode(xml, 'latin1') } : undefined);
    const { mentions, problems } = await run(source({ feeds: [`${server.url}/latin1`] }));
    expect(mentions.map((m) => m.title)).toEqual(['Fjällvind öppnar i Växjö']);
    expect(problems.filter((p) => p.errorType === 'charset')).toEqual([]);
  });

  it('decodes windows-1252 curly quotes (0x93/0x94), also when the header wrongly says UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>B</title><item><guid>urn:q:1</guid><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate><title>'), Buffer.from([0x93, 0x48, 0x65, 0x6a, 0x94, 0x20, 0x96, 0x20, 0x80]), Buffer.from('</title></item></channel></rss>')]);
    script = (path) => (path === '/cp1252' ? { headers: { 'content-type': 'text/xml; charset=utf-8' }, body: bytes } : path === '/cp1252-plain' ? { headers: { 'content-type': 'text/xml' }, body: bytes } : undefined);
    const wrong = await run(source({ feeds: [`${server.url}/cp1252`] }));
    expect(wrong.mentions.map((m) => m.title)).toEqual(['“Hej” – €']);
    expect(wrong.problems).toEqual([{ where: `${server.url}/cp1252`, errorType: 'charset', message: `rss collector: ${server.url}/cp1252: declared utf-8 but the bytes are not UTF-8; decoded as windows-1252`, summarised: true }]);
    const plain = await run(source({ feeds: [`${server.url}/cp1252-plain`] }));
    expect(plain.mentions.map((m) => m.title)).toEqual(['“Hej” – €']);
  });

  it('reports malformed XML and skips that feed only', async () => {
    script = (path) => (path === '/broken' ? { body: '<rss version="2.0"><channel><title>x</title><item><title>unclosed</item></channel>' } : path === '/ok' ? { body: rss([{ guid: 'urn:ok:1', title: 'OK' }]) } : undefined);
    const { mentions, problems } = await run(source({ feeds: [`${server.url}/broken`, `${server.url}/ok`] }));
    expect(mentions.map((m) => m.nativeId)).toEqual(['urn:ok:1']);
    expect(problems).toEqual([{ where: `${server.url}/broken`, errorType: 'parse', message: expect.stringMatching(/^rss collector: .*\/broken is not a readable feed: /) }]);
  });

  it('refuses an entity-expansion bomb without expanding it', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title><item><guid>urn:bomb</guid><title>&lol9;</title></item></channel></rss>`;
    script = (path) => (path === '/bomb' ? { body: bomb } : undefined);
    const { mentions, problems } = await run(source({ feeds: [`${server.url}/bomb`] }));
    expect(mentions).toEqual([]);
    expect(problems).toEqual([{ where: `${server.url}/bomb`, errorType: 'unsafe_xml', message: `rss collector: ${server.url}/bomb declares XML entities (<!ENTITY>); refused, never expanded` }]);
  });
});

describe('rss collector: resuming and content', () => {
  it('resumes after a restart at the next feed, with no duplicate and no gap', async () => {
    script = (path) =>
      path === '/r1' ? { body: rss([{ guid: 'urn:r1:1', title: 'R1' }]) }
      : path === '/r2' ? { body: rss([{ guid: 'urn:r2:1', title: 'R2' }]) }
      : path === '/r3' ? { body: rss([{ guid: 'urn:r3:1', title: 'R3' }]) }
      : undefined;
    const feeds = [`${server.url}/r1`, `${server.url}/r2`, `${server.url}/r3`];
    // One page (feed 1) committed, then the process dies.
    const crashed = await source({ feeds }).fetchPage(undefined, signal());
    const resumed = await run(source({ feeds }), crashed.cursor);
    expect([...crashed.mentions, ...resumed.mentions].map((m) => m.nativeId)).toEqual(['urn:r1:1', 'urn:r2:1', 'urn:r3:1']);
    const next = await run(source({ feeds }), resumed.cursor);
    expect([next.pages.length, next.mentions.length]).toEqual([3, 0]);
  });

  it('accepts a feed that only quotes <!ENTITY inside CDATA', async () => {
    const body = rss([{ guid: 'urn:xml:1', title: 'Om XML-bomber', body: '<![CDATA[<p>Så här ser en bomb ut: <code><!DOCTYPE x [<!ENTITY lol "lol">]></code></p>]]>' }]);
    script = (path) => (path === '/cdata' ? { body } : undefined);
    const { mentions, problems } = await run(source({ feeds: [`${server.url}/cdata`] }));
    expect(problems).toEqual([]);
    expect(mentions.map((m) => m.title)).toEqual(['Om XML-bomber']);
  });
});

describe('rss collector: monitored feeds', () => {
  const brands: BrandConfig[] = [{ id: 'fjallvind', name: 'Fjällvind', query: 'fjällvind OR #fjallvind OR "vind jacka" NOT skämt', products: [{ id: 'vind3', name: 'Vind 3', query: '"Vind 3"' }] }];

  it('keeps only items that name a brand, a product or a query term', async () => {
    script = (path) =>
      path === '/news'
        ? { body: rss([
            { guid: 'urn:n:1', title: 'Fjällvind öppnar butik' },
            { guid: 'urn:n:2', title: 'Vädret i dag', body: 'Blåsigt och kallt' },
            { guid: 'urn:n:3', title: 'Test', body: 'Nya &lt;b&gt;Vind 3&lt;/b&gt; är här' },
            { guid: 'urn:n:4', title: 'Vindkraft byggs ut' },
            { guid: 'urn:n:5', title: 'Om hållbarhet', body: 'Hållbarhet i branschen' },
          ]) }
        : undefined;
    const config = { kind: 'monitored', person: undefined, feeds: [`${server.url}/news`], queries: ['hållbar*'] };
    const { mentions } = await run(source(config, brands));
    expect(mentions.map((m) => m.nativeId)).toEqual(['urn:n:1', 'urn:n:3', 'urn:n:5']);
    expect(mentions[0]!.author).toEqual({ id: `${server.url}/news`, name: 'Blog', url: 'https://blog.example/' });
    const again = await run(source(config, brands), (await run(source(config, brands))).cursor);
    expect(again.mentions).toEqual([]);
    // One line per feed read, with what was skipped and why; no line per item.
    expect(logLines.filter((l) => l.event === 'ingest.feed_read').map((l) => l.msg)).toEqual([
      `feeds: ${server.url}/news: 5 items, 3 new; skipped 2 not about the brands`,
      `feeds: ${server.url}/news: 5 items, 3 new; skipped 2 not about the brands`,
      `feeds: ${server.url}/news: 5 items, 0 new; skipped 3 already seen, 2 not about the brands`,
    ]);
  });

  it('needs a person for a staff blog', () => {
    const result = rssConfig.safeParse({ type: 'rss', name: 'b', kind: 'staff-blog', feeds: ['https://x.example/feed'] });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['person', 'a `staff-blog` source needs `person` (a staff id)']]);
  });
});

describe('rss collector: through the runner into Elasticsearch', () => {
  let env: Awaited<ReturnType<typeof testPipeline>>;
  beforeAll(async () => {
    env = await testPipeline({
      staff: [{ id: 'anna', name: 'Anna Lind', blogs: [`${server.url}/e2e-a`] }],
      sources: [{ type: 'rss', name: 'staff-blogs', kind: 'staff-blog', person: 'anna', feeds: [`${server.url}/e2e-a`, `${server.url}/e2e-broken`, `${server.url}/fixtures/heise.atom`], retries: 0 }],
    });
  });
  afterAll(() => env?.cleanup());

  it('indexes every item once under its deterministic id, reports the broken feed, and adds nothing on a re-run', async () => {
    script = (path) =>
      path === '/e2e-a' ? { body: rss([{ guid: 'https://anna.example/1', title: 'Ett' }, { guid: 'urn:anna:2', title: 'Två' }]) }
      : path === '/e2e-broken' ? { body: '<rss><channel><item>' }
      : undefined;
    const config = env.pipeline.config.sources[0]!;
    const first = await runSource(env.pipeline, config, createSource(env.pipeline, config));
    expect([first.error, first.pages, first.indexed]).toEqual([undefined, 3, 17]);
    const hits = (await env.client.search({ index: env.names.alias('mentions'), size: 100 })).hits.hits;
    const heise = JSON.parse(await readFile(join(fixturesDir, 'output/heise.json'), 'utf8')).feed.items.map((i: any) => `rss:${i.id}`);
    expect(hits.map((h) => h._id).sort()).toEqual(['rss:https://anna.example/1', 'rss:urn:anna:2', ...heise].sort());
    const errors = await env.client.search({ index: env.names.alias('errors'), query: { term: { kind: 'problem' } } });
    expect(errors.hits.hits.map((h) => [(h._source as any).where, (h._source as any).errorType])).toEqual([[`${server.url}/e2e-broken`, 'parse']]);

    const second = await runSource(env.pipeline, config, createSource(env.pipeline, config));
    expect([second.collected, second.indexed]).toEqual([0, 0]);
    expect((await env.client.count({ index: env.names.alias('mentions') })).count).toBe(17);
  });

  it('reads the feed after a slow first one: the slow feed times out on its own, not the run', async () => {
    script = (path) => (path === '/e2e-slow' ? { delayMs: 3000, body: rss([]) } : path === '/e2e-next' ? { body: rss([{ guid: 'urn:next:1', title: 'Next' }]) } : undefined);
    const config = rssConfig.parse({ type: 'rss', name: 'slow-first', kind: 'staff-blog', person: 'anna', feeds: [`${server.url}/e2e-slow`, `${server.url}/e2e-next`], timeoutSecs: 1, retries: 0 });
    const result = await runSource(env.pipeline, config, rssCollector.create(config, ctx()), false);
    expect([result.error, result.pages, result.indexed, result.failed]).toEqual([undefined, 2, 1, [`${server.url}/e2e-slow`]]);
    expect(result.problems).toEqual([{ where: `${server.url}/e2e-slow`, errorType: 'timeout', message: `rss collector: GET ${server.url}/e2e-slow timed out after 0.8s` }]);
  });
});

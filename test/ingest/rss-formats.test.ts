import iconv from 'iconv-lite';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssCollector, rssConfig } from '../../ingest/rss.ts';
import { drain } from '../helpers/pages.ts';
import { loopback } from '../helpers/loopback.ts';

// Inputs written for each class of real-world feed the collector must read, served over HTTP.
const now = new Date('2026-11-23T12:00:00Z');
let docs: Record<string, { body: string | Buffer; headers?: Record<string, string> }> = {};
let server: Awaited<ReturnType<typeof loopback>>;

beforeAll(async () => {
  server = await loopback((req, res) => {
    const doc = docs[req.url];
    res.writeHead(doc ? 200 : 404, doc?.headers ?? { 'content-type': 'application/xml' });
    res.end(doc?.body ?? '');
  });
});
afterAll(() => server.close());

async function read(path: string, body: string | Buffer, headers?: Record<string, string>) {
  docs = { [path]: { body, headers } };
  const config = rssConfig.parse({ type: 'rss', name: 'feeds', kind: 'staff-blog', person: 'anna', feeds: [`${server.url}${path}`] });
  return drain(rssCollector.create(config, { baseDir: '.', log: pino({ level: 'silent' }), now: () => now }));
}

const DATE = '2026-11-20T08:00:00.000Z';
const RFC822 = 'Fri, 20 Nov 2026 08:00:00 GMT';
const item = { title: 'Fjällvind & co', url: 'https://blog.example/p/1', text: 'Ny jacka i dag' };

describe('rss collector: every RSS and Atom version', () => {
  const versions: [string, string][] = [
    ['RSS 0.91', `<rss version="0.91"><channel><title>B</title><link>https://blog.example/</link><language>sv</language><item><title>Fjällvind &amp; co</title><link>https://blog.example/p/1</link><description>Ny jacka i dag</description></item></channel></rss>`],
    ['RSS 0.92', `<rss version="0.92"><channel><title>B</title><link>https://blog.example/</link><item><title>Fjällvind &amp; co</title><link>https://blog.example/p/1</link><description>&lt;p&gt;Ny jacka i dag&lt;/p&gt;</description><pubDate>${RFC822}</pubDate></item></channel></rss>`],
    ['RSS 1.0', `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://blog.example/"><title>B</title><link>https://blog.example/</link></channel><item rdf:about="https://blog.example/p/1"><title>Fjällvind &amp; co</title><link>https://blog.example/p/1</link><description>Ny jacka i dag</description><dc:date>${DATE}</dc:date></item></rdf:RDF>`],
    ['RSS 2.0', `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title><link>https://blog.example/</link><item><title>Fjällvind &amp; co</title><link>https://blog.example/p/1</link><guid>https://blog.example/p/1</guid><content:encoded><![CDATA[<p>Ny jacka <b>i dag</b></p>]]></content:encoded><pubDate>${RFC822}</pubDate></item></channel></rss>`],
    ['Atom 0.3', `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>B</title><link rel="alternate" href="https://blog.example/"/><entry><id>https://blog.example/p/1</id><title>Fjällvind &amp; co</title><link rel="alternate" href="https://blog.example/p/1"/><issued>${DATE}</issued><modified>${DATE}</modified><content type="text/html" mode="escaped">&lt;p&gt;Ny jacka i dag&lt;/p&gt;</content></entry></feed>`],
    ['Atom 1.0', `<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title><link href="https://blog.example/"/><id>urn:b</id><updated>${DATE}</updated><entry><id>https://blog.example/p/1</id><title type="text">Fjällvind &amp; co</title><link href="https://blog.example/p/1"/><updated>${DATE}</updated><summary>Ny jacka i dag</summary></entry></feed>`],
  ];

  it.each(versions)('reads %s: title, link, text, date and the site', async (name, xml) => {
    const { mentions, problems } = await read(`/${name.replace(/\W/g, '')}`, xml);
    const dated = name !== 'RSS 0.91';
    expect(mentions.map((m) => ({ title: m.title, url: m.url, text: m.text, publishedAt: m.publishedAt, site: m.author.url }))).toEqual([{ ...item, publishedAt: dated ? DATE : now.toISOString(), site: 'https://blog.example/' }]);
    expect(problems.map((p) => p.errorType)).toEqual(dated ? [] : ['date']);
  });
});

describe('rss collector: what turned whole feeds unreadable', () => {
  it('reads an <rss> without a version attribute (podcast feeds) as RSS 2.0', async () => {
    const { mentions, problems } = await read('/noversion', `<rss><channel><title>Pod</title><item><title>Avsnitt 1</title><guid>urn:pod:1</guid><pubDate>${RFC822}</pubDate></item></channel></rss>`);
    expect([mentions.map((m) => [m.nativeId, m.title, m.publishedAt]), problems]).toEqual([[['urn:pod:1', 'Avsnitt 1', DATE]], []]);
  });

  it('reads RSS whose items stand without a <channel>', async () => {
    const { mentions, problems } = await read('/nochannel', `<rss version="2.0"><title>B</title><item><title>Ett</title><link>https://blog.example/1</link></item><item><title>Två</title><link>https://blog.example/2</link></item></rss>`);
    expect(mentions.map((m) => m.url)).toEqual(['https://blog.example/1', 'https://blog.example/2']);
    expect(problems.map((p) => p.errorType)).toEqual(['date', 'date']);
    const bare = await read('/bare', `<rss><title>B</title><item><title>Tre</title><link>https://blog.example/3</link></item></rss>`);
    expect(bare.mentions.map((m) => [m.title, m.url])).toEqual([['Tre', 'https://blog.example/3']]);
  });

  it('reads RSS 1.0 written with a prefixed namespace (rss:item)', async () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><rss:channel rdf:about="https://blog.example/"><rss:title>B</rss:title><rss:link>https://blog.example/</rss:link></rss:channel><rss:item rdf:about="https://blog.example/p/1"><rss:title>Fjällvind &amp; co</rss:title><rss:link>https://blog.example/p/1</rss:link><rss:description>Ny jacka i dag</rss:description><dc:date>${DATE}</dc:date></rss:item></rdf:RDF>`;
    const { mentions, problems } = await read('/rdf-prefixed', xml);
    expect(mentions.map((m) => ({ title: m.title, url: m.url, text: m.text, publishedAt: m.publishedAt }))).toEqual([{ ...item, publishedAt: DATE }]);
    expect(problems).toEqual([]);
  });

  it('gives an Atom entry with an unparseable date the collection time and a date problem; the feed still works', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title><entry><id>urn:e:1</id><title>Bra</title><updated>${DATE}</updated></entry><entry><id>urn:e:2</id><title>Trasig</title><updated>igår kväll</updated></entry></feed>`;
    const { mentions, problems } = await read('/baddate', xml);
    expect(mentions.map((m) => [m.nativeId, m.publishedAt])).toEqual([['urn:e:1', DATE], ['urn:e:2', now.toISOString()]]);
    expect(problems).toEqual([{ where: 'urn:e:2', errorType: 'date', message: `rss collector: item in ${server.url}/baddate has an unreadable date "igår kväll"; publishedAt set to the collection time`, summarised: true }]);
  });

  it.each([
    ['an HTML page', '<!doctype html><html><body>Not found</body></html>', 'not RSS, RDF or Atom (root element <html>)'],
    ['an empty body', '', 'not RSS, RDF or Atom (root element none)'],
    ['truncated XML', '<rss version="2.0"><channel><item><title>Halv', 'malformed or incomplete XML'],
  ])('reports %s in words, never a parser TypeError', async (_name, body, why) => {
    const { mentions, problems } = await read('/bad', body);
    expect(mentions).toEqual([]);
    expect(problems.map((p) => [p.errorType, p.message])).toEqual([['parse', expect.stringContaining(`rss collector: ${server.url}/bad is not a readable feed: ${why}`)]]);
    expect(problems[0]!.message).not.toMatch(/TypeError|Cannot read|undefined/);
  });
});

describe('rss collector: titles and text', () => {
  it('decodes entities and reduces RSS titles to plain text; strips script and style from text', async () => {
    const xml = `<rss version="2.0"><channel><title>B &amp;#38; C</title><item><guid>urn:t:1</guid><title>Salt &amp;#38; peppar &lt;img src="x" onclick="steal()"&gt;&lt;b&gt;nu&lt;/b&gt;</title><description>&lt;script&gt;var x = 1;&lt;/script&gt;&lt;style&gt;p { color: red }&lt;/style&gt;&lt;p&gt;Bara text&lt;/p&gt;&lt;noscript&gt;aktivera JS&lt;/noscript&gt;</description><pubDate>${RFC822}</pubDate></item></channel></rss>`;
    const { mentions } = await read('/titles', xml);
    expect(mentions.map((m) => [m.title, m.text, m.author.name])).toEqual([['Salt & peppar nu', 'Bara text', 'anna']]);
  });

  it('respects Atom title types: text as written, html and xhtml reduced to text', async () => {
    const entry = (id: string, title: string) => `<entry><id>urn:a:${id}</id>${title}<updated>${DATE}</updated></entry>`;
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>${[
      entry('text', '<title type="text">Less &lt;than&gt; 5 &amp; more</title>'),
      entry('html', '<title type="html">Example &lt;b&gt;Atom&lt;/b&gt; &amp;amp; co</title>'),
      entry('xhtml', '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example <b>Atom</b> &amp; <i>xhtml</i></div></title>'),
      entry('none', '<title>Plain &amp; simple</title>'),
    ].join('')}</feed>`;
    const { mentions } = await read('/atom-titles', xml);
    expect(mentions.map((m) => [m.nativeId, m.title])).toEqual([
      ['urn:a:text', 'Less <than> 5 & more'],
      ['urn:a:html', 'Example Atom & co'],
      ['urn:a:xhtml', 'Example Atom & xhtml'],
      ['urn:a:none', 'Plain & simple'],
    ]);
  });

  it('turns windows-1252 code points 0x80-0x9F in a Latin-1 feed into the characters they mean', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>B</title><item><guid>urn:c:1</guid><pubDate>${RFC822}</pubDate><title>`),
      Buffer.from([0x93, 0x48, 0x65, 0x6a, 0x94, 0x20, 0x96, 0x20, 0x76, 0xe5, 0x72, 0x92, 0x6e]),
      Buffer.from('</title><description>Pris &amp;#128;5 &#8211; &#150; &#146;</description></item></channel></rss>'),
    ]);
    const { mentions, problems } = await read('/latin1', bytes, { 'content-type': 'text/xml; charset=ISO-8859-1' });
    expect(mentions.map((m) => [m.title, m.text])).toEqual([['“Hej” – vår’n', 'Pris €5 – – ’']]);
    expect(problems).toEqual([]);
  });
});

describe('rss collector: charsets', () => {
  it('reads a UTF-16 feed without BOM whose declaration only a UTF-16 reading sees', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>B</title><item><guid>urn:u:1</guid><title>Räksmörgås “nu”</title><pubDate>${RFC822}</pubDate></item></channel></rss>`;
    const { mentions, problems } = await read('/utf16', iconv.encode(xml, 'utf-16le', { addBOM: false }), { 'content-type': 'application/rss+xml' });
    expect([mentions.map((m) => m.title), problems]).toEqual([['Räksmörgås “nu”'], []]);
  });

  it('reads a UTF-32 feed with BOM', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-32"?><feed xmlns="http://www.w3.org/2005/Atom"><title>B</title><entry><id>urn:u:2</id><title>Ærø 𝄞</title><updated>${DATE}</updated></entry></feed>`;
    const { mentions } = await read('/utf32', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(xml, 'utf-32le', { addBOM: false })]));
    expect(mentions.map((m) => m.title)).toEqual(['Ærø 𝄞']);
  });
});

describe('rss collector: ids and links', () => {
  it('gives an item without guid, id or link a stable id from its content: indexed once, not again next poll', async () => {
    const xml = `<rss version="2.0"><channel><title>B</title><item><title>Utan id</title><description>Text ett</description><pubDate>${RFC822}</pubDate></item><item><title>Utan id</title><description>Text två</description><pubDate>${RFC822}</pubDate></item></channel></rss>`;
    const first = await read('/noid', xml);
    const again = await read('/noid', xml);
    const ids = first.mentions.map((m) => m.nativeId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(new RegExp(`^${server.url}/noid#content:[0-9a-f]{32}$`));
    expect(new Set(ids).size).toBe(2);
    expect(again.mentions.map((m) => m.nativeId)).toEqual(ids);
    const config = rssConfig.parse({ type: 'rss', name: 'feeds', kind: 'staff-blog', person: 'anna', feeds: [`${server.url}/noid`] });
    const next = await drain(rssCollector.create(config, { baseDir: '.', log: pino({ level: 'silent' }), now: () => now }), first.cursor);
    expect([next.mentions, next.problems]).toEqual([[], []]);
  });

  it('uses a permalink guid as the URL when there is no link, and not a guid marked isPermaLink="false"', async () => {
    const xml = `<rss version="2.0"><channel><title>B</title><item><title>P</title><guid>https://blog.example/perma</guid></item><item><title>Q</title><guid isPermaLink="false">https://blog.example/internal/7</guid></item><item><title>R</title><guid isPermaLink="true">https://blog.example/marked</guid><link>https://blog.example/link</link></item></channel></rss>`;
    const { mentions } = await read('/guid', xml);
    expect(mentions.map((m) => [m.nativeId, m.url ?? null])).toEqual([
      ['https://blog.example/perma', 'https://blog.example/perma'],
      ['https://blog.example/internal/7', null],
      ['https://blog.example/marked', 'https://blog.example/link'],
    ]);
  });

  it('reads media:description as the text of a YouTube entry', async () => {
    const xml = `<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom"><title>Fjällvind</title><entry><id>yt:video:abc123</id><yt:videoId>abc123</yt:videoId><title>Vind 3 på fjället</title><link rel="alternate" href="https://www.youtube.com/watch?v=abc123"/><author><name>Fjällvind</name></author><published>${DATE}</published><media:group><media:title>Vind 3 på fjället</media:title><media:description>Vi testar Vind 3 i storm.
Läs mer: https://fjallvind.example</media:description></media:group></entry></feed>`;
    const { mentions } = await read('/yt', xml);
    expect(mentions.map((m) => [m.nativeId, m.url, m.text, m.author.name])).toEqual([['yt:video:abc123', 'https://www.youtube.com/watch?v=abc123', 'Vi testar Vind 3 i storm.\nLäs mer: https://fjallvind.example', 'Fjällvind']]);
  });

  it('resolves relative links against xml:base (feed and entry), else Content-Location, else the feed URL', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/"><title>B</title><link href="/"/><entry><id>urn:x:1</id><title>A</title><link href="post-1"/><updated>${DATE}</updated></entry><entry xml:base="archive/"><id>urn:x:2</id><title>B</title><link href="post-2"/><updated>${DATE}</updated></entry></feed>`;
    const based = await read('/base', atom);
    expect(based.mentions.map((m) => m.url)).toEqual(['https://site.example/blog/post-1', 'https://site.example/blog/archive/post-2']);
    expect(based.mentions[0]!.author.url).toBe('https://site.example/');
    const rss = `<rss version="2.0"><channel><title>B</title><link>/</link><item><guid>urn:y:1</guid><title>Y</title><link>posts/y</link><pubDate>${RFC822}</pubDate></item></channel></rss>`;
    const located = await read('/feeds/located.xml', rss, { 'content-type': 'application/rss+xml', 'content-location': 'https://cdn.example/news/feed.xml' });
    expect(located.mentions.map((m) => m.url)).toEqual(['https://cdn.example/news/posts/y']);
    const plain = await read('/feeds/plain.xml', rss);
    expect(plain.mentions.map((m) => m.url)).toEqual([`${server.url}/feeds/posts/y`]);
  });
});

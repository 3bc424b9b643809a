import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, html, jsonScript } from '../../web/html.ts';
import { bin } from '../helpers/cli.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';

/** The real `rykte serve` process: where it listens, what it answers, that it only reads. */
let env: Awaited<ReturnType<typeof testPipeline>>;
let child: ChildProcess;
let base: string;

beforeAll(async () => {
  env = await testPipeline({ brands: [{ id: 'acme', name: 'Acme', query: 'acme' }] });
  const config = join(env.pipeline.config.baseDir, `${env.prefix}.yml`);
  await writeFile(config, JSON.stringify({ elasticsearch: { indexPrefix: env.prefix }, brands: [{ id: 'acme', name: 'Acme', query: 'acme' }], alerts: { kibanaUrl: 'https://kibana.example.com/' } }));
  child = spawn('node', [bin, '--config', config, 'serve', '--port', '0'], { env: { ...process.env, ELASTICSEARCH_URL: elasticsearchUrl(), RYKTE_LOG_LEVEL: 'warn' } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  while (!/http:\/\/\S+\//.test(out)) await once(child.stdout!, 'data');
  base = out.match(/(http:\/\/\S+)\//)![1]!;
}, 60_000);
afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGTERM');
  await env.cleanup();
});

describe('rykte serve', () => {
  it('listens on 127.0.0.1 by default and serves every page over empty indices', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const path of ['/', '/stories', '/authors', '/network', '/search']) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    expect(await (await fetch(`${base}/`)).text()).toContain('No data for these filters.');
  });

  it('links each page to the same view in Kibana when alerts.kibanaUrl is set', async () => {
    const kibanaLink = async (path: string) => (await (await fetch(`${base}${path}`)).text()).match(/<a class="kibana" href="([^"]+)"/)?.[1]?.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(await kibanaLink('/')).toBe(`https://kibana.example.com/app/dashboards#/view/${env.prefix}-brand-pulse`);
    const search = decodeURIComponent((await kibanaLink('/search?brand=acme&sentiment=negative&from=2026-11-20'))!);
    expect(search).toBe(
      `https://kibana.example.com/app/discover#/?_g=(time:(from:'2026-11-20',to:'now'))&_a=(dataSource:(dataViewId:'${env.prefix}-mentions',type:dataView),query:(language:kuery,query:'enrichment.brands:"acme" and enrichment.sentiment.label:"negative"'))`,
    );
  });

  it('serves its fixed assets only, and answers GET and HEAD only', async () => {
    const chart = await fetch(`${base}/assets/chart.js`);
    expect([chart.status, chart.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(await chart.text()).toContain('Chart.js');
    for (const path of ['/assets/../package.json', '/assets/%2e%2e%2fpackage.json', '/nope']) expect((await fetch(`${base}${path}`)).status).toBe(404);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${base}/search`, { method, body: method === 'DELETE' ? undefined : 'x' });
      expect([method, res.status, res.headers.get('allow')]).toEqual([method, 405, 'GET, HEAD']);
    }
    expect((await fetch(`${base}/stories`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers a bad filter with 400 and the reason', async () => {
    const res = await fetch(`${base}/stories?sort=loudest`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('stories: Expected `sort` to be one of velocity, size, virality, got `loudest`');
    expect((await fetch(`${base}/story`)).status).toBe(400);
    expect((await fetch(`${base}/story?id=nope`)).status).toBe(404);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

describe('web/html.ts', () => {
  it('escapes every interpolated value, attributes included, and keeps its own Html as is', () => {
    const hostile = `"><img src=x onerror='alert(1)'>&`;
    expect(html`<a title="${hostile}">${hostile}</a>`.value).toBe(`<a title="${escapeHtml(hostile)}">&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;</a>`);
    expect(html`<p>${[html`<b>${'<i>'}</b>`, null, undefined, false, 3]}</p>`.value).toBe('<p><b>&lt;i&gt;</b>3</p>');
    expect(jsonScript('d', { t: '</script><script>alert(1)</script>' }).value).toBe('<script type="application/json" id="d">{"t":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}</script>');
  });
});

import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../index/names.ts';
import { createWebServer } from '../../web/server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { rykte } from '../helpers/cli.ts';
import { importDemo, rykteJson } from '../helpers/demo.ts';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';

/**
 * `rykte serve` in real headless Chromium over the demo as `npm start` imports it, plus
 * mentions whose texts are markup. Every expected figure comes from the CLI's `--json`.
 * RYKTE_SCREENSHOTS=docs also writes the README's screenshots.
 */
const RUMOUR = 'rss:https://friluftsbloggen.se/2026/11/20/fjallvind-flyttar-produktionen-till-kina';
const HOSTILE_IMG = '<img src=x onerror="window.__pwned=1"> Fjällvind ljuger';
const HOSTILE_SCRIPT = '<script>window.__pwned=2</script> Fjällvind svarar inte';
const prefix = `tweb${Date.now().toString(36)}`;

let browser: Browser;
let page: Page;
let base: string;
let config: string;
let close: () => Promise<void>;

const hostile = [
  { platform: 'x', id: '990001', url: 'javascript:window.__pwned=3', author: { id: 'h1', handle: 'hostile_one', followers: 10 }, text: HOSTILE_IMG, language: 'sv', publishedAt: '2026-11-21T10:00:00Z' },
  { platform: 'x', id: '990002', author: { id: 'h2', handle: 'hostile_two', followers: 20 }, text: HOSTILE_SCRIPT, language: 'sv', publishedAt: '2026-11-21T10:05:00Z', replyTo: { id: '990001', authorHandle: 'hostile_one' } },
];

const go = async (path: string) => {
  const response = await page.goto(`${base}${path}`);
  expect(response?.status()).toBe(200);
};
const texts = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
const attrs = (selector: string, name: string) => page.locator(selector).evaluateAll((els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);

beforeAll(async () => {
  const demo = await importDemo(prefix);
  config = demo.file;
  const file = join(demo.dir, 'hostile.jsonl');
  await writeFile(file, hostile.map((m) => JSON.stringify(m)).join('\n'));
  expect((await rykte(config, 'import', file)).code).toBe(0);
  const client = new Client({ node: elasticsearchUrl() });
  await client.indices.refresh({ index: `${prefix}-*` });
  const server = createWebServer({ client, names: indexNames(prefix), config: demo.config });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await client.close();
  };
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await close?.();
  await deletePrefix(prefix);
});

describe('rykte serve in a browser', () => {
  it('lists the stories in the order `rykte stories` gives, for each sort', async () => {
    for (const sort of ['size', 'virality']) {
      const cli = await rykteJson(config, 'stories', '--sort', sort, '-n', '25');
      await go(`/stories?sort=${sort}&n=25`);
      expect(await texts('table.stories tbody tr td:first-child')).toEqual(cli.stories.map((s: { id: string }) => s.id));
      expect(await page.locator('p.count').textContent()).toBe(`25 of ${cli.total} stories`);
    }
    await go('/stories?sort=size&n=1');
    expect(await texts('table.stories tbody td:first-child')).toEqual([RUMOUR]);
  });

  it('draws the demo rumour with exactly the nodes and edges `rykte story --json` reports', async () => {
    const { story, nodes } = await rykteJson(config, 'story', RUMOUR);
    await go(`/story?id=${encodeURIComponent(RUMOUR)}`);
    expect(await page.locator('svg.cascade g.node').count()).toBe(nodes.length);
    expect(nodes.length).toBe(story.size);
    expect(await page.locator('svg.cascade line.edge').count()).toBe(nodes.filter((n: { parentId: string | null }) => n.parentId).length);
    expect(await page.locator('svg.cascade line.edge.inferred').count()).toBe(nodes.filter((n: { inferred: boolean }) => n.inferred).length);
    expect((await attrs('svg.cascade g.node.staff', 'data-id')).sort()).toEqual(nodes.filter((n: { staff: string[] }) => n.staff.length).map((n: { id: string }) => n.id).sort());
    expect(await attrs('svg.cascade line.edge.inferred', 'stroke-dasharray')).toEqual(Array(story.inferred).fill('4 3'));
    expect(await page.locator('dd[data-metric="size"]').textContent()).toBe(String(story.size));

    // The time slider at the first mention shows the root alone, then everything again.
    const slider = page.locator('#time-slider');
    await slider.evaluate((el: HTMLInputElement) => {
      el.value = el.min;
      el.dispatchEvent(new Event('input'));
    });
    expect(await page.locator('svg.cascade g.node:not(.later)').count()).toBe(1);
    expect(await page.locator('#time-label').textContent()).toBe(`${story.firstSeen.slice(0, 16).replace('T', ' ')} · 1 mentions`);
    await slider.evaluate((el: HTMLInputElement) => {
      el.value = el.max;
      el.dispatchEvent(new Event('input'));
    });
    expect(await page.locator('svg.cascade g.node:not(.later)').count()).toBe(nodes.length);
    if (process.env.RYKTE_SCREENSHOTS === 'docs') await page.locator('svg.cascade').screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'cascade.png') });
  });

  it('draws every staff member with the accounts `rykte network` reports for them', async () => {
    const report = await rykteJson(config, 'network');
    await go('/network');
    const staff = ['anna', 'erik', 'sara', 'johan', 'maria', 'oskar'];
    expect((await attrs('svg.network g.person', 'data-id')).sort()).toEqual([...staff].sort());
    for (const person of staff) {
      const drawn = await page.locator(`svg.network line.link[data-staff="${person}"]`).evaluateAll((els) => els.map((e) => [e.getAttribute('data-account'), Number(e.getAttribute('data-weight'))]));
      expect(drawn).toEqual(report.staff[person].map((r: { handle: string; total: number }) => [r.handle, r.total]));
    }
    const accounts = new Set(staff.flatMap((p) => report.staff[p].map((r: { handle: string }) => r.handle)));
    expect((await attrs('svg.network g.account', 'data-id')).sort()).toEqual([...accounts].sort());
  });

  it('changes results with the filters, as `rykte search` does', async () => {
    const all = await rykteJson(config, 'search', '-n', '5');
    const negative = await rykteJson(config, 'search', '--sentiment', 'negative', '--from', '2026-11-20', '--to', '2026-11-21', '-n', '5');
    expect(negative.total).toBeLessThan(all.total);
    await go('/search?n=5');
    expect(await page.locator('p.count').textContent()).toBe(`5 of ${all.total} mentions`);
    // Through the form, as a person would.
    await page.selectOption('select[name="sentiment"]', 'negative');
    await page.fill('input[name="from"]', '2026-11-20');
    await page.fill('input[name="to"]', '2026-11-21');
    await Promise.all([page.waitForURL(/sentiment=negative/), page.click('form.filters button')]);
    expect(await page.locator('p.count').textContent()).toBe(`5 of ${negative.total} mentions`);
    expect(await texts('table.mentions tbody td:nth-child(5)')).toEqual(Array(5).fill('negative'));

    const big = await rykteJson(config, 'stories', '--min-size', '5');
    await go('/stories?minSize=5');
    expect(await page.locator('p.count').textContent()).toBe(`${big.stories.length} of ${big.total} stories`);
    const response = await page.goto(`${base}/search?from=not-a-date`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('p.error').textContent()).toContain('serve: Elasticsearch refused the filters');
  });

  it('shows hostile markup in mentions as text and runs none of it', async () => {
    for (const path of ['/search?author=hostile_one', '/search?q=ljuger', `/story?id=${encodeURIComponent('x:990001')}`, '/']) {
      await go(path);
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('main img, main script:not([type="application/json"])').count()).toBe(0);
    }
    await go(`/story?id=${encodeURIComponent('x:990001')}`);
    await expect(page.locator('table.nodes').getByText(HOSTILE_IMG).isVisible()).resolves.toBe(true);
    await expect(page.locator('table.nodes').getByText(HOSTILE_SCRIPT).isVisible()).resolves.toBe(true);
    expect(await page.locator('p.story-title').textContent()).toContain('<img src=x');
    // A `javascript:` URL from a mention is never made a link.
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
  });

  it('draws every overview panel and the latest alerts', async () => {
    await go('/');
    expect(await attrs('section.panel', 'id')).toEqual(['volume', 'sentiment', 'topics', 'staff', 'authors', 'fast-stories', 'alerts', 'languages', 'latest-alerts']);
    // Chart.js drew into every chart's canvas (a blank canvas has no coloured pixel).
    const painted = await page.locator('canvas[data-chart]').evaluateAll((els) =>
      els.map((c) => (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data.some((v, i) => i % 4 === 3 && v > 0)),
    );
    expect(painted).toEqual(Array(6).fill(true));
    expect(await texts('#latest-alerts tbody td:nth-child(2)')).toEqual(['staff-crisis', 'fast-stories', 'volume-spike']);
    // The brand filter narrows the alerts too: the demo's are about fjallvind.
    await go('/?brand=fjallvind');
    expect(await texts('#latest-alerts tbody td:nth-child(2)')).toEqual(['staff-crisis', 'fast-stories', 'volume-spike']);
    await go('/?brand=nobody');
    expect(await texts('#latest-alerts tbody td:nth-child(2)')).toEqual([]);
    await go('/');
    if (process.env.RYKTE_SCREENSHOTS === 'docs') await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'overview.png'), fullPage: true });
    const post = await fetch(`${base}/`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
});

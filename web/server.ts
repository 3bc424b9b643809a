import { readFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { errors, type Client } from '@elastic/elasticsearch';
import type { Config } from '../config/schema.ts';
import type { IndexNames } from '../index/names.ts';
import { events } from '../log/events.ts';
import { escapeHtml } from './html.ts';
import { BadRequest } from './pages/common.ts';
import { authorsPage } from './pages/authors.ts';
import { networkPage } from './pages/network.ts';
import { overviewPage } from './pages/overview.ts';
import { searchPage } from './pages/search.ts';
import { storiesPage } from './pages/stories.ts';
import { storyPage } from './pages/story.ts';

/**
 * `rykte serve`: a read-only web view over the same indices the CLI reads. GET and HEAD only;
 * every page is rendered on the server with escaping by default (web/html.ts), and scripts
 * load only from /assets, which serves a fixed list of files (Chart.js from node_modules and
 * our own app.js) — nothing from the internet.
 */
export interface WebContext {
  client: Client;
  names: IndexNames;
  config: Config;
}

export type PageHandler = (ctx: WebContext, params: URLSearchParams) => Promise<{ status?: number; body: string }>;

const pages: Record<string, PageHandler> = {
  '/': overviewPage,
  '/stories': storiesPage,
  '/story': storyPage,
  '/authors': authorsPage,
  '/network': networkPage,
  '/search': searchPage,
};

const require = createRequire(import.meta.url);
const assets: Record<string, { file: string; type: string }> = {
  'chart.js': { file: join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript' },
  'app.js': { file: join(import.meta.dirname, 'assets', 'app.js'), type: 'text/javascript' },
  'style.css': { file: join(import.meta.dirname, 'assets', 'style.css'), type: 'text/css' },
};

const headers = {
  // Defence in depth behind the escaping: no inline script can run, nothing loads from elsewhere.
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...headers, 'content-type': type, ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const errorPage = (status: number, message: string) =>
  `<!doctype html><meta charset="utf-8"><title>rykte</title><link rel="stylesheet" href="/assets/style.css"><main><h1>${status}</h1><p class="error">${escapeHtml(message)}</p><p><a href="/">Overview</a></p></main>`;

/** Elasticsearch refusing a filter (a bad date, say) is the visitor's mistake: 400 with its reason. */
function badRequest(error: unknown): string | undefined {
  if (error instanceof errors.ResponseError && error.statusCode === 400) {
    const cause = (error.body as any)?.error?.root_cause?.[0]?.reason ?? (error.body as any)?.error?.reason;
    return `serve: Elasticsearch refused the filters: ${cause ?? error.message}`;
  }
  if (error instanceof BadRequest) return error.message;
  return undefined;
}


export function createWebServer(ctx: WebContext): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'rykte serve is read-only: GET only\n', { allow: 'GET, HEAD' });
    try {
      if (url.pathname.startsWith('/assets/')) {
        const asset = assets[url.pathname.slice('/assets/'.length)];
        if (!asset) return send(res, 404, 'text/plain', 'not found\n');
        return send(res, 200, `${asset.type}; charset=utf-8`, await readFile(asset.file), { 'cache-control': 'max-age=3600' });
      }
      const handler = pages[url.pathname];
      if (!handler) return send(res, 404, 'text/html; charset=utf-8', errorPage(404, `No page at ${url.pathname}`));
      const { status, body } = await handler(ctx, url.searchParams);
      send(res, status ?? 200, 'text/html; charset=utf-8', body);
    } catch (error) {
      const message = badRequest(error);
      if (message) return send(res, 400, 'text/html; charset=utf-8', errorPage(400, message));
      events.serveFailed(url.pathname, (error as Error).message);
      send(res, 500, 'text/html; charset=utf-8', errorPage(500, `serve: ${(error as Error).message}`));
    }
  });
}

import { html, type Html } from './html.ts';

const nav: [string, string][] = [
  ['/', 'Overview'],
  ['/stories', 'Stories'],
  ['/authors', 'Authors'],
  ['/network', 'Network'],
  ['/search', 'Search'],
];

export interface PageOptions {
  title: string;
  /** The nav entry to mark as current. */
  path: string;
  body: Html;
  /** The same view in Kibana, when a Kibana URL is configured. */
  kibana?: string;
}

/** The page shell: nav, a link to Kibana, the content; scripts come only from /assets (CSP `script-src 'self'`). */
export function page(o: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · rykte</title>
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<header>
  <a class="brand" href="/">rykte</a>
  <nav>${nav.map(([href, label]) => html`<a href="${href}"${o.path === href ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
  ${o.kibana ? html`<a class="kibana" href="${o.kibana}" rel="noopener">Open in Kibana</a>` : ''}
</header>
<main>
<h1>${o.title}</h1>
${o.body}
</main>
<script src="/assets/chart.js"></script>
<script src="/assets/app.js"></script>
</body>
</html>
`.value;
}

/** A filter form that submits by GET to the page itself. */
export function filterForm(fields: Html[]): Html {
  return html`<form class="filters" method="get">${fields}<button type="submit">Apply</button></form>`;
}

export function input(name: string, label: string, value: string | number | undefined, type = 'text'): Html {
  return html`<label>${label} <input name="${name}" type="${type}" value="${value ?? ''}"></label>`;
}

export function select(name: string, label: string, options: string[], value: string | undefined, any = 'any'): Html {
  return html`<label>${label} <select name="${name}">${any ? html`<option value="">${any}</option>` : ''}${options.map(
    (o) => html`<option${o === value ? html` selected` : ''}>${o}</option>`,
  )}</select></label>`;
}

/** A table; cells are escaped text unless given as Html. */
export function table(headers: string[], rows: (string | Html)[][], cls = ''): Html {
  if (!rows.length) return html`<p class="empty">Nothing here for these filters.</p>`;
  return html`<table class="${cls}"><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`,
  )}</tbody></table>`;
}

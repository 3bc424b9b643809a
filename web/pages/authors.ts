import { authorsReport, type AuthorRow } from '../../index/authors.ts';
import { html, query } from '../html.ts';
import { filterForm, input, page, select, table } from '../layout.ts';
import type { PageHandler } from '../server.ts';
import { BadRequest, count, kibana, params } from './common.ts';

const headers = ['author', 'mentions', 'reach', 'positive', 'negative', 'mean tone'];
const rows = (list: AuthorRow[]) =>
  list.map((r) => [html`<a href="/search${query({ author: r.handle })}">${r.handle}</a>`, String(r.mentions), String(r.reach), String(r.positive), String(r.negative), r.meanSentiment === null ? '' : r.meanSentiment.toFixed(2)]);

/** Top authors, advocates ("eldsjälar") and detractors: `rykte authors` as a page. */
export const authorsPage: PageHandler = async (ctx, p) => {
  const f = params(p, ['brand', 'from', 'to', 'by', 'n']);
  const by = (f.by ?? 'mentions') as 'mentions' | 'reach';
  if (by !== 'mentions' && by !== 'reach') throw new BadRequest(`authors: Expected \`by\` to be mentions or reach, got \`${f.by}\``);
  const size = count(f.n, 10, 100);
  const rules = ctx.config.enrich.advocates;
  const report = await authorsReport(ctx.client, ctx.names, { brand: f.brand, from: f.from, to: f.to, by, size, minMentions: rules.minMentions, minMeanScore: rules.minMeanScore });
  const body = html`
${filterForm([select('brand', 'Brand', ctx.config.brands.map((b) => b.id), f.brand), input('from', 'From', f.from), input('to', 'To', f.to), select('by', 'Rank by', ['mentions', 'reach'], by, ''), input('n', 'Rows', size, 'number')])}
<div class="panels">
<section class="panel" id="advocates"><h2>Advocates (eldsjälar)</h2><p class="note">At least ${rules.minMentions} positive mentions and a mean tone above ${rules.minMeanScore}; staff left out.</p>${table(headers, rows(report.advocates), 'numeric')}</section>
<section class="panel" id="detractors"><h2>Detractors</h2><p class="note">At least ${rules.minMentions} negative mentions and a mean tone below −${rules.minMeanScore}.</p>${table(headers, rows(report.detractors), 'numeric')}</section>
</div>
<section class="panel wide" id="top"><h2>Top authors by ${by}</h2>${table(headers, rows(report.top), 'numeric')}</section>`;
  return { body: page({ title: 'Authors', path: '/authors', body, kibana: kibana(ctx)?.dashboard() }) };
};

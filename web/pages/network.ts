import { networkReport, type AccountRow } from '../../index/network.ts';
import { html, query } from '../html.ts';
import { filterForm, input, page, select, table } from '../layout.ts';
import { networkSvg } from '../network-graph.ts';
import type { PageHandler } from '../server.ts';
import { BadRequest, count, kibana, params } from './common.ts';

const headers = ['account', 'total', 'replies', 'quotes', 'reposts', 'mentions', '+', '-', 'mean tone'];
const cells = (r: AccountRow) => [
  html`<a href="/search${query({ author: r.handle })}">${r.handle}</a>`,
  String(r.total), String(r.repliesTo), String(r.quotes), String(r.reposts), String(r.mentions), String(r.positive), String(r.negative),
  r.meanSentiment === null ? '' : r.meanSentiment.toFixed(2),
];

/** `rykte network` as a graph and tables: every staff member and the accounts that engage with them. */
export const networkPage: PageHandler = async (ctx, p) => {
  const f = params(p, ['staff', 'from', 'to', 'n']);
  const roster = ctx.config.staff;
  if (f.staff && !roster.some((s) => s.id === f.staff)) throw new BadRequest(`network: no staff member \`${f.staff}\` in the config (have: ${roster.map((s) => s.id).join(', ') || 'none'})`);
  const people = roster.filter((s) => !f.staff || s.id === f.staff);
  const size = count(f.n, 10, 100);
  const report = await networkReport(ctx.client, ctx.names, { staff: people.map((s) => s.id), roster: roster.length, from: f.from, to: f.to, size });
  const body = html`
${filterForm([select('staff', 'Staff', roster.map((s) => s.id), f.staff, 'everyone'), input('from', 'From', f.from), input('to', 'To', f.to), input('n', 'Accounts per person', size, 'number')])}
<section class="panel wide"><h2>Staff and the accounts that engage with them</h2>
<p class="legend">Orange: staff; blue: accounts. Edge width: interactions (replies, quotes, reposts, mentions); colour: mean tone —
<span class="key positive">positive</span> <span class="key neutral">neutral</span> <span class="key negative">negative</span>.</p>
${networkSvg(people, report.staff)}</section>
${f.staff ? '' : html`<section class="panel wide" id="company"><h2>Company: accounts engaging with staff</h2>${table([...headers, 'staff'], report.company.map((r) => [...cells(r), (r.staff ?? []).join(', ')]), 'numeric')}</section>`}
<div class="panels">${people.map((s) => html`<section class="panel" id="staff-${s.id}"><h2>${s.name} (${s.id})</h2>${table(headers, (report.staff[s.id] ?? []).map(cells), 'numeric')}</section>`)}</div>`;
  return { body: page({ title: 'Network', path: '/network', body, kibana: kibana(ctx)?.dashboard() }) };
};

import type { estypes } from '@elastic/elasticsearch';
import { panels, type Panel } from '../../dashboards/panels.ts';
import { histogramInterval, panelFilters, panelsRequest, readPanel, type PanelData, type PanelFilter } from '../../dashboards/query.ts';
import type { AlertDoc } from '../../alerts/alert.ts';
import { html, jsonScript, query, type Html } from '../html.ts';
import { filterForm, input, page, select, table } from '../layout.ts';
import type { PageHandler, WebContext } from '../server.ts';
import { kibana, params, when } from './common.ts';

/**
 * The overview: every panel of dashboards/panels.ts (the same ones as Kibana's "Brand pulse"
 * dashboard), over the filtered range, and the latest alerts. Charts draw in the browser from
 * the JSON each panel embeds; tables are rendered here.
 */
async function interval(ctx: WebContext, f: PanelFilter): Promise<string> {
  // The histogram's bucket width from the range the data actually covers under the filters.
  const volume = panels.find((p) => p.index === 'mentions')!;
  const response = await ctx.client.search({
    index: ctx.names.alias('mentions'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    query: { bool: { filter: panelFilters(volume, f) } },
    aggs: { first: { min: { field: 'publishedAt' } }, last: { max: { field: 'publishedAt' } } },
  });
  const aggs = response.aggregations as Record<string, estypes.AggregationsMinAggregate> | undefined;
  const first = aggs?.first?.value;
  const last = aggs?.last?.value;
  return first == null || last == null ? '1h' : histogramInterval(first, last + 1);
}

async function latestAlerts(ctx: WebContext, f: PanelFilter): Promise<AlertDoc[]> {
  const alertsPanel = panels.find((p) => p.index === 'alerts')!;
  const response = await ctx.client.search<AlertDoc>({
    index: ctx.names.alias('alerts'),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 10,
    sort: [{ matchTime: 'desc' }, { id: 'asc' }],
    query: { bool: { filter: panelFilters(alertsPanel, { from: f.from, to: f.to, brand: f.brand }) } },
  });
  return response.hits.hits.map((h) => h._source!);
}

/** Story titles for the ids a stories panel lists (titles are text, so the aggregation has only ids). */
async function storyTitles(ctx: WebContext, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const response = await ctx.client.mget<{ title?: string }>({ index: ctx.names.index('stories'), ids, _source: ['title'] });
  return new Map(response.docs.flatMap((d) => ('found' in d && d.found && d._source?.title ? [[d._id, d._source.title] as const] : [])));
}

function tablePanel(panel: Panel, data: PanelData, titles: Map<string, string>): Html {
  const link =
    panel.index === 'stories'
      ? (k: string) => html`<a href="/story${query({ id: k })}" title="${k}">${titles.get(k) ?? k}</a>`
      : (k: string) => html`<a href="/search${query({ author: k })}">${k}</a>`;
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
  return table([panel.index === 'stories' ? 'Story' : 'Author', ...data.series.map((s) => s.name)], data.labels.map((k, i) => [link(k), ...data.series.map((s) => fmt(s.values[i]!))]), 'numeric');
}

function panelView(panel: Panel, data: PanelData, titles: Map<string, string>): Html {
  const body = panel.chart === 'table' ? tablePanel(panel, data, titles) : html`<div class="chart"><canvas data-chart="panel-${panel.id}"></canvas></div>${jsonScript(`panel-${panel.id}`, { chart: panel.chart, ...data })}`;
  return html`<section class="panel panel-${panel.chart}" id="${panel.id}"><h2>${panel.title}</h2>${data.labels.length ? body : html`<p class="empty">No data for these filters.</p>`}</section>`;
}

export const overviewPage: PageHandler = async (ctx, p) => {
  const f: PanelFilter = params(p, ['from', 'to', 'brand']);
  f.interval = await interval(ctx, f);
  // One search per index for all its panels, the searches in parallel.
  const indices = [...new Set(panels.map((p) => p.index))];
  const [responses, alerts] = await Promise.all([
    Promise.all(indices.map((index) => ctx.client.search(panelsRequest(panels.filter((p) => p.index === index), ctx.names, f)))),
    latestAlerts(ctx, f),
  ]);
  const datas = panels.map((panel) => readPanel(panel, responses[indices.indexOf(panel.index)]!, `${panel.id}__`));
  const titles = await storyTitles(ctx, panels.flatMap((p, i) => (p.index === 'stories' ? datas[i]!.labels : [])));
  const alertRows = alerts.map((a) => [when(a.matchTime), a.rule, a.storyId ? html`<a href="/story${query({ id: a.storyId })}">${a.summary}</a>` : a.summary]);
  const body = html`
${filterForm([input('from', 'From', f.from), input('to', 'To', f.to), select('brand', 'Brand', ctx.config.brands.map((b) => b.id), f.brand)])}
<p class="note">Histogram buckets: ${f.interval}. Dates are ISO (2026-11-20) or date math (now-7d).</p>
<div class="panels">${panels.map((panel, i) => panelView(panel, datas[i]!, titles))}</div>
<section class="panel wide" id="latest-alerts"><h2>Latest alerts</h2>${table(['matched at', 'rule', 'summary'], alertRows)}</section>`;
  return { body: page({ title: 'Brand pulse', path: '/', body, kibana: kibana(ctx)?.dashboard() }) };
};

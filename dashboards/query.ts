import type { estypes } from '@elastic/elasticsearch';
import type { IndexNames } from '../index/names.ts';
import { brandFields, timeFields, type Bucket, type Layer, type Metric, type Panel } from './panels.ts';

/**
 * A panel as an Elasticsearch search, and its answer as chart series. Kibana's date histogram
 * picks its interval from the time range ("auto"); `histogramInterval` does the same here
 * (`auto_date_histogram` lives in a module the minimal Elasticsearch does not have).
 */
export interface PanelFilter {
  /** At or after: ISO date or date math. */
  from?: string;
  /** Before: ISO date or date math. */
  to?: string;
  brand?: string;
  /** Date histogram bucket width (`fixed_interval`). @default 1h */
  interval?: string;
}

const INTERVALS: [string, number][] = [['1m', 60], ['5m', 300], ['15m', 900], ['30m', 1800], ['1h', 3600], ['3h', 10800], ['12h', 43200], ['1d', 86400], ['7d', 604800], ['30d', 2592000]];

/** The smallest interval that cuts [fromMs, toMs) into at most `buckets` buckets. */
export function histogramInterval(fromMs: number, toMs: number, buckets = 80): string {
  const secs = Math.max(1, (toMs - fromMs) / 1000);
  return (INTERVALS.find(([, s]) => secs / s <= buckets) ?? INTERVALS.at(-1)!)[0];
}

function bucketAgg(b: Bucket, interval = '1h'): estypes.AggregationsAggregationContainer {
  if (b.type === 'date_histogram') return { date_histogram: { field: b.field, fixed_interval: interval, min_doc_count: 0 } };
  const order = b.orderBy === undefined ? [{ _count: 'desc' }, { _key: 'asc' }] : [{ [`m${b.orderBy}`]: 'desc' }, { _key: 'asc' }];
  return { terms: { field: b.field, size: b.size, order: order as estypes.AggregationsAggregateOrder } };
}

const metricAggs = (metrics: Metric[]) =>
  Object.fromEntries(metrics.flatMap((m, i) => (m.type === 'count' ? [] : [[`m${i}`, { [m.type]: { field: m.field } }]])));

function layerAgg(l: Layer, interval?: string): estypes.AggregationsAggregationContainer {
  const inner = l.split ? { split: { ...bucketAgg(l.split), aggs: metricAggs(l.metrics) } } : metricAggs(l.metrics);
  return { ...bucketAgg(l.x, interval), aggs: inner };
}

export function panelFilters(panel: Panel, f: PanelFilter): estypes.QueryDslQueryContainer[] {
  const filters: estypes.QueryDslQueryContainer[] = [];
  if (f.from || f.to) filters.push({ range: { [timeFields[panel.index]]: { gte: f.from, lt: f.to } } });
  if (f.brand) filters.push({ term: { [brandFields[panel.index]]: f.brand } });
  return filters;
}

/** The search a panel stands for: size 0, one aggregation per layer (`l0`, `l1`, ...). */
export function panelRequest(panel: Panel, names: IndexNames, f: PanelFilter = {}): estypes.SearchRequest {
  return {
    index: names.alias(panel.index),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    query: { bool: { filter: panelFilters(panel, f) } },
    aggs: Object.fromEntries(panel.layers.map((l, i) => [`l${i}`, layerAgg(l, f.interval)])),
  };
}

/**
 * Several panels over one index as one search: one pass over the matching documents instead of
 * one per panel (the overview's cost on a large index). Aggregations are keyed `<panel id>__l<n>`;
 * read each panel back with `readPanel(panel, response, `${panel.id}__`)`.
 */
export function panelsRequest(list: Panel[], names: IndexNames, f: PanelFilter = {}): estypes.SearchRequest {
  const first = list[0]!;
  if (list.some((p) => p.index !== first.index)) throw new Error('dashboards: panelsRequest takes panels over one index');
  return {
    ...panelRequest(first, names, f),
    aggs: Object.fromEntries(list.flatMap((p) => p.layers.map((l, i) => [`${p.id}__l${i}`, layerAgg(l, f.interval)]))),
  };
}

/** A panel's answer: x labels (ISO dates or term keys) and one value per label for each series. */
export interface PanelData {
  labels: string[];
  series: { name: string; values: number[] }[];
}

const label = (b: any) => (typeof b.key_as_string === 'string' ? b.key_as_string : String(b.key));
const value = (m: Metric, i: number, b: any): number => (m.type === 'count' ? b.doc_count : (b[`m${i}`]?.value ?? 0));

export function readPanel(panel: Panel, response: estypes.SearchResponse, prefix = ''): PanelData {
  const aggs = (response.aggregations ?? {}) as Record<string, any>;
  const labels: string[] = [];
  const seen = new Set<string>();
  // series name → label → value, filled per layer, then laid out along the shared labels.
  const series = new Map<string, Map<string, number>>();
  const put = (name: string, x: string, v: number) => {
    if (!series.has(name)) series.set(name, new Map());
    series.get(name)!.set(x, v);
  };
  panel.layers.forEach((l, li) => {
    const layerName = l.label ?? '';
    for (const xb of aggs[`${prefix}l${li}`]?.buckets ?? []) {
      const x = label(xb);
      if (!seen.has(x)) seen.add(x), labels.push(x);
      const parts: [string, any][] = l.split ? (xb.split?.buckets ?? []).map((sb: any) => [String(sb.key), sb]) : [['', xb]];
      for (const [key, b] of parts) {
        l.metrics.forEach((m, mi) => {
          const name = [layerName, key, l.metrics.length > 1 || (!layerName && !key) ? m.label : ''].filter(Boolean).join(' · ');
          put(name, x, value(m, mi, b));
        });
      }
    }
  });
  if (panel.layers[0]?.x.type === 'date_histogram') labels.sort();
  return { labels, series: [...series].map(([name, byX]) => ({ name, values: labels.map((x) => byX.get(x) ?? 0) })) };
}

/**
 * The dashboard panels, described once: what each shows, over which index, and the
 * aggregation it stands for. Both consumers read this file: the Kibana saved-object generator
 * (dashboards/kibana/) turns a panel into a Lens visualisation, and `rykte serve`'s overview
 * page runs `panelRequest` against Elasticsearch and draws `readPanel`'s series.
 * Only terms, date histograms and plain metrics: the minimal Elasticsearch has no scripting,
 * and every one of them is something Lens can express.
 */
export type PanelIndex = 'mentions' | 'stories' | 'alerts';

/** The time field of each index's data view: what the time picker (or `from`/`to`) filters on. */
export const timeFields: Record<PanelIndex, string> = { mentions: 'publishedAt', stories: 'lastSeen', alerts: 'matchTime' };

/** The field that carries brand ids, per index (`brand` filters on it). Kibana's brand control filters every data view on `enrichment.brands`: an alias of `brands` in stories and alerts. */
export const brandFields: Record<PanelIndex, string> = { mentions: 'enrichment.brands', stories: 'brands', alerts: 'brands' };

export interface Terms {
  type: 'terms';
  field: string;
  size: number;
  /** Order by this metric (index into the layer's metrics), largest first. @default document count */
  orderBy?: number;
}
export interface DateHistogram {
  type: 'date_histogram';
  field: string;
}
export type Bucket = Terms | DateHistogram;

export type Metric = { type: 'count'; label: string } | { type: 'max' | 'avg' | 'sum'; field: string; label: string };

/** One series source: buckets along `x`, optionally split into series by `split`, with metrics. */
export interface Layer {
  /** Series name prefix; layers of one panel are told apart by it. */
  label?: string;
  x: Bucket;
  split?: Terms;
  metrics: Metric[];
}

export interface Panel {
  id: string;
  title: string;
  index: PanelIndex;
  chart: 'line' | 'bar_stacked' | 'bar_horizontal' | 'pie' | 'table';
  layers: Layer[];
}

const count: Metric = { type: 'count', label: 'Mentions' };
const overTime = (field: string): DateHistogram => ({ type: 'date_histogram', field });
const terms = (field: string, size: number, orderBy?: number): Terms => ({ type: 'terms', field, size, ...(orderBy === undefined ? {} : { orderBy }) });

/** Staff relations as stored in `enrichment.staff` (model/mention.ts), one layer each. */
export const staffRelations = ['authoredBy', 'repliesTo', 'quotes', 'reposts', 'mentions', 'amplifiedBy'] as const;

export const panels: Panel[] = [
  { id: 'volume', title: 'Mentions over time by brand', index: 'mentions', chart: 'line', layers: [{ x: overTime('publishedAt'), split: terms('enrichment.brands', 10), metrics: [count] }] },
  { id: 'sentiment', title: 'Sentiment over time', index: 'mentions', chart: 'bar_stacked', layers: [{ x: overTime('publishedAt'), split: terms('enrichment.sentiment.label', 3), metrics: [count] }] },
  { id: 'topics', title: 'Top topics', index: 'mentions', chart: 'bar_horizontal', layers: [{ x: terms('enrichment.topics', 10), metrics: [count] }] },
  {
    id: 'staff',
    title: 'Staff involvement per person and relation',
    index: 'mentions',
    chart: 'bar_stacked',
    // One layer per relation: a terms split over `people` would count a person for a relation
    // another person in the same mention has.
    layers: staffRelations.map((r) => ({ label: r, x: terms(`enrichment.staff.${r}`, 20), metrics: [count] })),
  },
  {
    id: 'authors',
    title: 'Top authors (mean tone > 0: advocates, < 0: detractors)',
    index: 'mentions',
    chart: 'table',
    layers: [{ x: terms('author.handle', 15), metrics: [count, { type: 'max', field: 'author.followers', label: 'Reach' }, { type: 'avg', field: 'enrichment.sentiment.score', label: 'Mean tone' }] }],
  },
  {
    id: 'fast-stories',
    title: 'Fastest-growing stories',
    index: 'stories',
    chart: 'table',
    layers: [
      {
        x: terms('id', 10, 0),
        metrics: [
          { type: 'max', field: 'velocity.current', label: 'Mentions/hour' },
          { type: 'max', field: 'size', label: 'Size' },
          { type: 'max', field: 'virality', label: 'Virality' },
        ],
      },
    ],
  },
  { id: 'alerts', title: 'Alert timeline', index: 'alerts', chart: 'bar_stacked', layers: [{ x: overTime('matchTime'), split: terms('rule', 10), metrics: [{ type: 'count', label: 'Alerts' }] }] },
  { id: 'languages', title: 'Languages', index: 'mentions', chart: 'pie', layers: [{ x: terms('language', 10), metrics: [count] }] },
];

/** Every field a panel aggregates on, with its index: what the Kibana tests check against the templates. */
export function panelFields(panel: Panel): string[] {
  const fields = new Set<string>([timeFields[panel.index]]);
  for (const l of panel.layers) {
    fields.add(l.x.field);
    if (l.split) fields.add(l.split.field);
    for (const m of l.metrics) if (m.type !== 'count') fields.add(m.field);
  }
  return [...fields];
}

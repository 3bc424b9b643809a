import { timeFields, type Bucket, type Layer, type Metric, type Panel } from '../panels.ts';

/**
 * A panel as a Lens visualisation saved object (by reference, so the dashboard and Discover can
 * open it). The column for each bucket and metric is the one Lens's editor would create for the
 * same choice; layer and column ids are derived from the panel id, so regenerating gives the
 * same file. Format of Kibana 8.9 and later (the `formBased` datasource); 9.x migrates it.
 */
type Column = Record<string, unknown>;

const lensOps: Record<Exclude<Metric['type'], 'count'>, string> = { max: 'max', avg: 'average', sum: 'sum' };

function metricColumn(m: Metric): Column {
  if (m.type === 'count') return { label: m.label, customLabel: true, dataType: 'number', operationType: 'count', sourceField: '___records___', isBucketed: false, scale: 'ratio', params: { emptyAsNull: true } };
  return { label: m.label, customLabel: true, dataType: 'number', operationType: lensOps[m.type], sourceField: m.field, isBucketed: false, scale: 'ratio', params: { emptyAsNull: true } };
}

function bucketColumn(b: Bucket, orderColumn: string | undefined, label: string): Column {
  if (b.type === 'date_histogram') {
    return { label, dataType: 'date', operationType: 'date_histogram', sourceField: b.field, isBucketed: true, scale: 'interval', params: { interval: 'auto', includeEmptyRows: true, dropPartials: false } };
  }
  return {
    label,
    customLabel: true,
    dataType: 'string',
    operationType: 'terms',
    sourceField: b.field,
    isBucketed: true,
    scale: 'ordinal',
    params: { size: b.size, orderBy: orderColumn ? { type: 'column', columnId: orderColumn } : { type: 'alphabetical', fallback: true }, orderDirection: orderColumn ? 'desc' : 'asc', otherBucket: false, missingBucket: false, parentFormat: { id: 'terms' } },
  };
}

export interface LensLayer {
  id: string;
  x: string;
  split?: string;
  metrics: string[];
  columns: Record<string, Column>;
  columnOrder: string[];
}

/** The columns of one layer: x, split, then metrics; terms ordered by their metric (count when unset). */
export function lensLayer(panel: Panel, layer: Layer, i: number): LensLayer {
  const id = `${panel.id}-layer${i}`;
  const metrics = layer.metrics.map((_, m) => `${id}-metric${m}`);
  const order = (b: Bucket) => (b.type === 'terms' ? metrics[b.orderBy ?? 0] : undefined);
  const columns: Record<string, Column> = { [`${id}-x`]: bucketColumn(layer.x, order(layer.x), layer.label ?? fieldLabel(layer.x.field)) };
  if (layer.split) columns[`${id}-split`] = bucketColumn(layer.split, order(layer.split), fieldLabel(layer.split.field));
  layer.metrics.forEach((m, n) => (columns[metrics[n]!] = metricColumn(m)));
  return { id, x: `${id}-x`, split: layer.split ? `${id}-split` : undefined, metrics, columns, columnOrder: Object.keys(columns) };
}

const fieldLabel = (field: string) => field.split('.').at(-1)!;

function visualization(panel: Panel, layers: LensLayer[]) {
  if (panel.chart === 'table') {
    const l = layers[0]!;
    return { type: 'lnsDatatable', state: { layerId: l.id, layerType: 'data', columns: l.columnOrder.map((columnId) => ({ columnId })) } };
  }
  if (panel.chart === 'pie') {
    const l = layers[0]!;
    return { type: 'lnsPie', state: { shape: 'pie', layers: [{ layerId: l.id, layerType: 'data', primaryGroups: [l.x], metrics: l.metrics, numberDisplay: 'percent', categoryDisplay: 'default', legendDisplay: 'default', nestedLegend: false }] } };
  }
  const seriesType = panel.chart === 'line' ? 'line' : panel.chart === 'bar_horizontal' ? 'bar_horizontal' : 'bar_stacked';
  return {
    type: 'lnsXY',
    state: {
      legend: { isVisible: true, position: 'right' },
      valueLabels: 'hide',
      preferredSeriesType: seriesType,
      layers: layers.map((l) => ({ layerId: l.id, layerType: 'data', seriesType, xAccessor: l.x, accessors: l.metrics, ...(l.split ? { splitAccessor: l.split } : {}) })),
    },
  };
}

/** The Lens saved object for a panel; `dataViewId` is the data view of the panel's index. */
export function lensObject(panel: Panel, id: string, dataViewId: string) {
  const layers = panel.layers.map((l, i) => lensLayer(panel, l, i));
  const vis = visualization(panel, layers);
  return {
    type: 'lens',
    id,
    attributes: {
      title: panel.title,
      description: `rykte panel \`${panel.id}\` over ${panel.index} (time field ${timeFields[panel.index]})`,
      visualizationType: vis.type,
      state: {
        datasourceStates: { formBased: { layers: Object.fromEntries(layers.map((l) => [l.id, { columns: l.columns, columnOrder: l.columnOrder, incompleteColumns: {} }])) } },
        visualization: vis.state,
        query: { query: '', language: 'kuery' },
        filters: [],
      },
    },
    references: layers.map((l) => ({ type: 'index-pattern', id: dataViewId, name: `indexpattern-datasource-layer-${l.id}` })),
    coreMigrationVersion: '8.8.0',
    typeMigrationVersion: '8.9.0',
  };
}

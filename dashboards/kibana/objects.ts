import { kibanaIds } from '../ids.ts';
import { brandFields, panels, timeFields, type Panel, type PanelIndex } from '../panels.ts';
import { lensObject } from './lens.ts';

/**
 * Every Kibana saved object rykte ships, generated for an index prefix: a data view per index
 * (time field, field formats), a saved Discover search over mentions, one Lens visualisation
 * per panel of dashboards/panels.ts, and the "Brand pulse" dashboard with those panels, a
 * restored time range (the time picker) and a brand filter control. `toNdjson` gives the file
 * for Kibana's saved-objects import.
 */
export interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: { type: string; id: string; name: string }[];
  coreMigrationVersion?: string;
  typeMigrationVersion?: string;
}

const fieldFormats: Record<PanelIndex, Record<string, unknown>> = {
  mentions: {
    url: { id: 'url', params: { type: 'a', urlTemplate: null, labelTemplate: null } },
    'author.url': { id: 'url' },
    'author.followers': { id: 'number', params: { pattern: '0,0' } },
    'enrichment.sentiment.score': { id: 'number', params: { pattern: '0.00' } },
    'enrichment.languageConfidence': { id: 'percent' },
  },
  stories: {
    'origin.url': { id: 'url' },
    'velocity.current': { id: 'number', params: { pattern: '0.0' } },
    virality: { id: 'number', params: { pattern: '0.000' } },
    reach: { id: 'number', params: { pattern: '0,0' } },
    'timeTo.10': { id: 'duration', params: { inputFormat: 'milliseconds', outputFormat: 'humanizePrecise' } },
    'timeTo.100': { id: 'duration', params: { inputFormat: 'milliseconds', outputFormat: 'humanizePrecise' } },
  },
  alerts: { discoverUrl: { id: 'url' } },
};

const titles: Record<PanelIndex, string> = { mentions: 'rykte mentions', stories: 'rykte stories', alerts: 'rykte alerts' };

const core = (typeMigrationVersion: string) => ({ coreMigrationVersion: '8.8.0', typeMigrationVersion });

function dataView(prefix: string, index: PanelIndex): SavedObject {
  return {
    type: 'index-pattern',
    id: kibanaIds(prefix).dataView(index),
    attributes: {
      title: `${prefix}-${index}`,
      name: titles[index],
      timeFieldName: timeFields[index],
      fieldFormatMap: JSON.stringify(fieldFormats[index]),
      fields: '[]',
      fieldAttrs: '{}',
      runtimeFieldMap: '{}',
      typeMeta: '{}',
    },
    references: [],
    ...core('7.11.0'),
  };
}

/** The columns Discover shows for the saved search. */
export const discoverColumns = ['author.handle', 'platform', 'enrichment.brands', 'enrichment.sentiment.label', 'enrichment.staff.people', 'enrichment.story.id', 'text'];

function search(prefix: string): SavedObject {
  return {
    type: 'search',
    id: kibanaIds(prefix).search,
    attributes: {
      title: 'rykte: brand mentions',
      description: 'Every mention, newest first; filter by brand, tone, staff or story.',
      columns: discoverColumns,
      sort: [[timeFields.mentions, 'desc']],
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [], indexRefName: 'kibanaSavedObjectMeta.searchSourceJSON.index' }) },
    },
    references: [{ type: 'index-pattern', id: kibanaIds(prefix).dataView('mentions'), name: 'kibanaSavedObjectMeta.searchSourceJSON.index' }],
    ...core('7.9.3'),
  };
}

/** Grid width is 48 columns: two panels a row, tables and the staff chart a little taller. */
function gridData(i: number, panel: Panel) {
  const h = panel.chart === 'table' || panel.id === 'staff' ? 15 : 12;
  return { x: (i % 2) * 24, y: Math.floor(i / 2) * 15, w: 24, h, i: String(i + 1) };
}

export const BRAND_CONTROL = 'brand';

function dashboard(prefix: string): SavedObject {
  const ids = kibanaIds(prefix);
  const entries = panels.map((panel, i) => ({ type: 'lens', id: ids.panel(panel.id), gridData: gridData(i, panel) }));
  entries.push({ type: 'search', id: ids.search, gridData: { x: 0, y: Math.ceil(panels.length / 2) * 15, w: 48, h: 15, i: String(panels.length + 1) } });
  const panelsJSON = entries.map((e) => ({ version: '8.9.0', type: e.type, gridData: e.gridData, panelIndex: e.gridData.i, embeddableConfig: { enhancements: {} }, panelRefName: `panel_${e.gridData.i}` }));
  const control = {
    [BRAND_CONTROL]: {
      order: 0,
      width: 'medium',
      grow: true,
      type: 'optionsListControl',
      explicitInput: { id: BRAND_CONTROL, title: 'Brand', fieldName: brandFields.mentions, dataViewId: ids.dataView('mentions'), selectedOptions: [], enhancements: {} },
    },
  };
  return {
    type: 'dashboard',
    id: ids.dashboard,
    attributes: {
      title: 'Brand pulse',
      description: 'rykte: volume, tone, topics, staff involvement, top authors, fast stories and alerts.',
      timeRestore: true,
      timeFrom: 'now-30d',
      timeTo: 'now',
      refreshInterval: { pause: true, value: 60000 },
      panelsJSON: JSON.stringify(panelsJSON),
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      controlGroupInput: {
        controlStyle: 'oneLine',
        chainingSystem: 'HIERARCHICAL',
        panelsJSON: JSON.stringify(control),
        ignoreParentSettingsJSON: JSON.stringify({ ignoreFilters: false, ignoreQuery: false, ignoreTimerange: false, ignoreValidations: false }),
      },
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }) },
    },
    references: [
      ...entries.map((e) => ({ type: e.type, id: e.id, name: `${e.gridData.i}:panel_${e.gridData.i}` })),
      { type: 'index-pattern', id: ids.dataView('mentions'), name: `controlGroup_${BRAND_CONTROL}:optionsListDataView` },
    ],
    ...core('8.7.0'),
  };
}

export function savedObjects(prefix: string): SavedObject[] {
  const ids = kibanaIds(prefix);
  return [
    ...(['mentions', 'stories', 'alerts'] as const).map((index) => dataView(prefix, index)),
    search(prefix),
    ...panels.map((panel) => lensObject(panel, ids.panel(panel.id), ids.dataView(panel.index))),
    dashboard(prefix),
  ];
}

/** One object a line, in dependency order (data views first), as Kibana's export writes them. */
export const toNdjson = (objects: SavedObject[]) => objects.map((o) => JSON.stringify(o)).join('\n') + '\n';

import { rison } from '../alerts/discover.ts';
import type { PanelIndex } from './panels.ts';

/**
 * Saved-object ids, derived from the index prefix: two rykte installations with different
 * prefixes can share one Kibana, and a re-import overwrites the same objects.
 */
export function kibanaIds(prefix: string) {
  return {
    dataView: (index: PanelIndex) => `${prefix}-${index}`,
    panel: (panelId: string) => `${prefix}-panel-${panelId}`,
    search: `${prefix}-mentions-search`,
    dashboard: `${prefix}-brand-pulse`,
  };
}

/** Links into Kibana for the same view `rykte serve` shows. */
export function kibanaLinks(kibanaUrl: string, prefix: string) {
  const base = kibanaUrl.replace(/\/+$/, '');
  const ids = kibanaIds(prefix);
  return {
    dashboard: (space?: string) => `${base}${space && space !== 'default' ? `/s/${encodeURIComponent(space)}` : ''}/app/dashboards#/view/${encodeURIComponent(ids.dashboard)}`,
    /** Discover on one data view with a KQL query, over [from, to) (Kibana's default range when unset). */
    discover(index: PanelIndex, kql: string, range?: { from?: string; to?: string }) {
      const time = range?.from || range?.to ? `(time:(from:${rison(range.from ?? 'now-1y')},to:${rison(range.to ?? 'now')}))` : '()';
      const app = `(dataSource:(dataViewId:${rison(ids.dataView(index))},type:dataView),query:(language:kuery,query:${rison(kql)}))`;
      return `${base}/app/discover#/?_g=${encodeURIComponent(time)}&_a=${encodeURIComponent(app)}`;
    },
  };
}

/** A KQL `field:"value"` clause for each set value, joined with `and`. */
export function kql(terms: Record<string, string | undefined>): string {
  return Object.entries(terms)
    .filter(([, v]) => v)
    .map(([f, v]) => `${f}:"${v!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(' and ');
}

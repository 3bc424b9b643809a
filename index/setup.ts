import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Client } from '@elastic/elasticsearch';
import { indexKinds, TEMPLATE_VERSION, type IndexNames } from './names.ts';
import { events } from '../log/events.ts';

/**
 * Optional cluster features rykte uses when present. The minimal distribution (integ-test-zip)
 * has none of them; everything must work without.
 */
export async function clusterFeatures(client: Client): Promise<Set<string>> {
  const info = await client.nodes.info({ metric: ['plugins'] });
  const modules = Object.values(info.nodes).flatMap((n) => [...(n.modules ?? []), ...(n.plugins ?? [])].map((m) => m.name));
  return new Set(modules);
}

async function loadTemplate(kind: string): Promise<any> {
  const url = new URL(`./templates/v${TEMPLATE_VERSION}/${kind}.json`, import.meta.url);
  return JSON.parse(await readFile(url, 'utf8'));
}

/**
 * Language sub-fields need the analysis-common module (not in the minimal distribution):
 * with it, `text.sv` / `text.en` get stemming; without it, `text` uses the standard analyzer.
 */
function withLanguageFields(template: any): any {
  for (const field of ['text', 'title']) {
    template.mappings.properties[field].fields = {
      sv: { type: 'text', analyzer: 'swedish' },
      en: { type: 'text', analyzer: 'english' },
    };
  }
  return template;
}

/**
 * Earlier rykte set `refresh_interval: 1s` on its indices. Set explicitly, it refreshes a
 * shard every second even when nobody searches it, so an import made a segment a second to
 * merge later (the stories index: 225 refreshes and ~60 s of merging in a 1,000,000-line
 * import). Elasticsearch's default is the same second, but it skips shards nobody searched for
 * 30 s (a search then refreshes first): what older indices get back here. A value set by hand
 * is left alone.
 */
async function resetRefresh(client: Client, indices: string[]) {
  const settings = await client.indices.getSettings({ index: indices, name: 'index.refresh_interval', flat_settings: true });
  const old = Object.entries(settings).filter(([, s]) => s.settings?.['index.refresh_interval'] === '1s').map(([index]) => index);
  if (old.length) await client.indices.putSettings({ index: old, settings: { 'index.refresh_interval': null } });
}

/**
 * Install (or update) every index template and create the non-time-based indices. Idempotent,
 * and cheap when nothing changed: each template carries a hash of itself in `_meta`, and only a
 * template or index whose hash differs is written. Every write is a cluster-state update, which a
 * busy master may take seconds to apply; `rykte import` and `rykte run` call this on every start.
 */
export async function setupIndices(client: Client, names: IndexNames, kinds: string[] = Object.keys(indexKinds)): Promise<string[]> {
  const features = await clusterFeatures(client);
  for (const kind of kinds) {
    let template = await loadTemplate(kind);
    if (kind === 'mentions' && features.has('analysis-common')) template = withLanguageFields(template);
    const body = {
      name: names.template(kind),
      index_patterns: [`${names.template(kind)}*`],
      priority: 200,
      version: TEMPLATE_VERSION,
      _meta: { managed_by: 'rykte' },
      template: { ...template, aliases: { [names.alias(kind)]: {} } },
    };
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
    template.mappings._meta = { ...template.mappings._meta, hash };
    const installed = await client.indices.getIndexTemplate({ name: names.template(kind) }, { ignore: [404] });
    if (installed.index_templates?.[0]?.index_template.template?.mappings?._meta?.hash !== hash) await client.indices.putIndexTemplate(body);
    const timeBased = (indexKinds as Record<string, { timeBased: boolean }>)[kind]?.timeBased;
    if (!timeBased && !(await client.indices.exists({ index: names.index(kind) }))) {
      await client.indices.create({ index: names.index(kind) }, { ignore: [400] });
      continue;
    }
    // An index made by an older rykte gets the fields added since (a strict mapping would
    // reject them) and updatable parameters such as `ignore_above`; additive changes are all
    // a template version allows without a new index. Monthly indices: every existing month.
    const pattern = timeBased ? `${names.template(kind)}-*` : names.index(kind);
    const mappings = await client.indices.getMapping({ index: pattern, allow_no_indices: true, ignore_unavailable: true });
    const stale = Object.entries(mappings).filter(([, m]) => m.mappings._meta?.hash !== hash).map(([index]) => index);
    if (stale.length) {
      await client.indices.putMapping({ index: stale, properties: template.mappings.properties, _meta: template.mappings._meta });
      await resetRefresh(client, stale);
    }
  }
  events.templatesInstalled(kinds.map((k) => names.template(k)), [...features].filter((f) => f === 'analysis-common'));
  return kinds.map((k) => names.template(k));
}

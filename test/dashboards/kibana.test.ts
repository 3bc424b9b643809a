import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../index/names.ts';
import { brandFields, panels, type Panel } from '../../dashboards/panels.ts';
import { panelRequest, readPanel } from '../../dashboards/query.ts';
import { discoverColumns, savedObjects, toNdjson, type SavedObject } from '../../dashboards/kibana/objects.ts';
import { committedFile } from '../../scripts/kibana-objects.ts';
import { rykteWith } from '../helpers/cli.ts';
import { importDemo } from '../helpers/demo.ts';
import { deletePrefix, elasticsearchUrl } from '../helpers/elasticsearch.ts';
import { json, loopback } from '../helpers/loopback.ts';

/**
 * Kibana cannot run here, so what it would read is checked for real: the committed NDJSON is
 * what the generator writes, every object parses and every reference resolves inside the file,
 * every field exists in the index templates with a type its use needs, every panel's
 * aggregation returns buckets on the demo in the real Elasticsearch, and `rykte kibana import`
 * speaks the import API as Kibana's documentation gives it (a loopback server answers).
 */
const root = join(import.meta.dirname, '..', '..');
const aggregatable = new Set(['keyword', 'date', 'long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'boolean']);
const prefix = `tkib${Date.now().toString(36)}`;
let config: string;
let server: Awaited<ReturnType<typeof loopback>> | undefined;

async function templateFields(index: string): Promise<Map<string, string>> {
  const template = JSON.parse(await readFile(join(root, 'index', 'templates', 'v1', `${index}.json`), 'utf8'));
  const out = new Map<string, string>();
  const walk = (props: Record<string, any>, path: string) => {
    for (const [name, m] of Object.entries(props)) {
      const field = path ? `${path}.${name}` : name;
      if (m.properties) walk(m.properties, field);
      else if (m.type === 'alias') aliases.set(field, m.path);
      else out.set(field, m.type);
      for (const [sub, sm] of Object.entries<any>(m.fields ?? {})) out.set(`${field}.${sub}`, sm.type);
    }
  };
  const aliases = new Map<string, string>();
  walk(template.mappings.properties, '');
  for (const [field, path] of aliases) out.set(field, out.get(path)!);
  return out;
}

const parsed = async () => (await readFile(committedFile, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as SavedObject);
const indexOfDataView = (objects: SavedObject[], id: string) => (objects.find((o) => o.type === 'index-pattern' && o.id === id)!.attributes.title as string).slice('rykte-'.length);

beforeAll(async () => {
  config = (await importDemo(prefix)).file;
}, 180_000);
afterAll(() => deletePrefix(prefix));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Kibana saved objects', () => {
  it('the committed NDJSON is exactly what scripts/kibana-objects.ts generates', async () => {
    expect(await readFile(committedFile, 'utf8')).toBe(toNdjson(savedObjects('rykte')));
  });

  it('holds data views for mentions, stories and alerts, a Discover search, a Lens panel per panel and the dashboard, all resolving inside the file', async () => {
    const objects = await parsed();
    expect(objects.map((o) => `${o.type}:${o.id}`)).toEqual([
      'index-pattern:rykte-mentions',
      'index-pattern:rykte-stories',
      'index-pattern:rykte-alerts',
      'search:rykte-mentions-search',
      ...panels.map((p) => `lens:rykte-panel-${p.id}`),
      'dashboard:rykte-brand-pulse',
    ]);
    const ids = new Set(objects.map((o) => `${o.type}:${o.id}`));
    for (const o of objects) for (const r of o.references) expect(ids, `${o.id} → ${r.name}`).toContain(`${r.type}:${r.id}`);
    const dashboard = objects.at(-1)!;
    const panelRefs = JSON.parse(dashboard.attributes.panelsJSON as string).map((p: { panelRefName: string; panelIndex: string }) => `${p.panelIndex}:${p.panelRefName}`);
    expect(panelRefs.every((name: string) => dashboard.references.some((r) => r.name === name))).toBe(true);
    expect(panelRefs).toHaveLength(panels.length + 1);
    // Every Lens layer has its data view reference, as Lens names them.
    for (const lens of objects.filter((o) => o.type === 'lens')) {
      const layers = Object.keys((lens.attributes.state as any).datasourceStates.formBased.layers);
      expect(lens.references.map((r) => r.name).sort()).toEqual(layers.map((l) => `indexpattern-datasource-layer-${l}`).sort());
    }
    const control = JSON.parse((dashboard.attributes.controlGroupInput as any).panelsJSON).brand;
    expect([control.type, control.explicitInput.fieldName, dashboard.attributes.timeRestore]).toEqual(['optionsListControl', 'enrichment.brands', true]);
  });

  it('uses only fields the index templates have, aggregatable wherever Kibana aggregates them', async () => {
    const objects = await parsed();
    const templates = Object.fromEntries(await Promise.all(['mentions', 'stories', 'alerts'].map(async (i) => [i, await templateFields(i)] as const)));
    const used: [string, string, boolean][] = []; // index, field, must aggregate
    for (const o of objects) {
      if (o.type === 'index-pattern') {
        const index = (o.attributes.title as string).slice('rykte-'.length);
        used.push([index, o.attributes.timeFieldName as string, true]);
        for (const field of Object.keys(JSON.parse(o.attributes.fieldFormatMap as string))) used.push([index, field, false]);
      }
      if (o.type === 'lens') {
        const index = indexOfDataView(objects, o.references[0]!.id);
        for (const layer of Object.values<any>((o.attributes.state as any).datasourceStates.formBased.layers)) {
          for (const column of Object.values<any>(layer.columns)) if (column.sourceField !== '___records___') used.push([index, column.sourceField, true]);
        }
      }
    }
    for (const field of discoverColumns) used.push(['mentions', field, false]);
    // The brand control: its filter applies to every data view of the dashboard.
    for (const index of ['mentions', 'stories', 'alerts']) used.push([index, 'enrichment.brands', true]);
    expect(used.length).toBeGreaterThan(30);
    for (const [index, field, aggregate] of used) {
      const type = templates[index]!.get(field);
      expect(type, `${index}: ${field}`).toBeDefined();
      if (aggregate) expect(aggregatable, `${index}: ${field} is ${type}`).toContain(type);
    }
  });

  it('each panel\'s aggregation returns buckets from the demo in the real Elasticsearch', async () => {
    const client = new Client({ node: elasticsearchUrl() });
    const sizes: Record<string, number> = {};
    for (const panel of panels) {
      const data = readPanel(panel, await client.search(panelRequest(panel, indexNames(prefix), { interval: '3h' })));
      sizes[panel.id] = data.labels.length;
      expect(data.series.some((s) => s.values.some((v) => v > 0)), panel.id).toBe(true);
    }
    await client.close();
    // The demo week in 3 h buckets (54 of them), its 4 topics, 6 staff members, 15 and 10 table rows, 2 languages;
    // its 3 alerts fall between 09:00 on 2026-11-20 and 00:00 on 2026-11-21 (6 buckets with empty ones between).
    expect(sizes).toEqual({ volume: 54, sentiment: 54, topics: 4, staff: 6, authors: 15, 'fast-stories': 10, alerts: 6, languages: 2 });
  });

  it("keeps every panel's data when the brand control picks a brand, and empties them for a brand nobody mentions", async () => {
    const client = new Client({ node: elasticsearchUrl() });
    // What Kibana adds to every panel's request for one selected option of the control.
    const picked = (panel: Panel, brand: string) => {
      const request = panelRequest(panel, indexNames(prefix), { interval: '3h' });
      return { ...request, query: { bool: { filter: [request.query!, { match_phrase: { [brandFields.mentions]: brand } }] } } };
    };
    const points = async (panel: Panel, brand: string) => readPanel(panel, await client.search(picked(panel, brand))).series.flatMap((s) => s.values).filter((v) => v > 0).length;
    for (const panel of panels) {
      expect(await points(panel, 'fjallvind'), panel.id).toBeGreaterThan(0);
      expect(await points(panel, 'nobody'), panel.id).toBe(0);
    }
    // The demo's 3 alerts are about fjallvind: the brands of the mentions behind each.
    const alerts = await client.search<{ brands: string[] }>({ index: indexNames(prefix).alias('alerts'), size: 10 });
    expect(alerts.hits.hits.map((h) => h._source!.brands)).toEqual([['fjallvind'], ['fjallvind'], ['fjallvind']]);
    await client.close();
  });
});

describe('rykte kibana import', () => {
  const key = 'a2liYW5hLWtleTpzM2NyM3Q=';
  const run = rykteWith({ KIBANA_API_KEY: key, KIBANA_PASSWORD: 'pw-s3cr3t' });

  it('POSTs the NDJSON as multipart `file` with kbn-xsrf and the API key to the space\'s import API', async () => {
    const objects = savedObjects(prefix);
    server = await loopback((_req, res) =>
      json(res, 200, { success: true, successCount: objects.length, successResults: objects.map((o) => ({ type: o.type, id: o.id, meta: { title: o.attributes.title } })) }),
    );
    const result = await run(config, 'kibana', 'import', '--url', `${server.url}/`, '--api-key', '--space', 'marketing');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`kibana: imported ${objects.length} of ${objects.length} saved objects into space marketing`);
    expect(result.stdout).toContain(`${server.url}/s/marketing/app/dashboards#/view/${prefix}-brand-pulse`);
    const req = server.requests[0]!;
    expect([req.method, req.url, req.headers['kbn-xsrf'], req.headers.authorization]).toEqual(['POST', '/s/marketing/api/saved_objects/_import?overwrite=true', 'rykte', `ApiKey ${key}`]);
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(req.body, { headers: { 'content-type': req.headers['content-type']! } }).formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('rykte.ndjson');
    expect(await file.text()).toBe(toNdjson(objects));
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('uses basic auth with --username, and the default space without /s/', async () => {
    server = await loopback((_req, res) => json(res, 200, { success: true, successCount: 13, successResults: [] }));
    expect((await run(config, 'kibana', 'import', '--url', server.url, '--username', 'rykte')).code).toBe(0);
    expect(server.requests[0]!.url).toBe('/api/saved_objects/_import?overwrite=true');
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('rykte:pw-s3cr3t').toString('base64')}`);
  });

  it('reports every object Kibana refused: conflicts and missing references', async () => {
    server = await loopback((_req, res) =>
      json(res, 200, {
        success: false,
        successCount: 11,
        errors: [
          { id: `${prefix}-mentions`, type: 'index-pattern', title: 'rykte mentions', meta: { title: 'rykte mentions', icon: 'indexPatternApp' }, error: { type: 'conflict' } },
          { id: `${prefix}-panel-volume`, type: 'lens', title: 'Mentions over time by brand', meta: {}, error: { type: 'missing_references', references: [{ type: 'index-pattern', id: `${prefix}-mentions` }] } },
        ],
      }),
    );
    const result = await run(config, 'kibana', 'import', '--url', server.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('kibana: imported 11 objects; 2 refused:');
    expect(result.stderr).toContain(`  - index-pattern ${prefix}-mentions ("rykte mentions"): conflict`);
    expect(result.stderr).toContain(`  - lens ${prefix}-panel-volume ("Mentions over time by brand"): missing references index-pattern ${prefix}-mentions`);
  });

  it('says why when Kibana refuses the request, without printing the credentials', async () => {
    server = await loopback((_req, res) => json(res, 401, { statusCode: 401, error: 'Unauthorized', message: '[security_exception]: unable to authenticate with provided credentials' }));
    const result = await run(config, 'kibana', 'import', '--url', server.url, '--api-key');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('rykte: kibana: import refused (HTTP 401 Unauthorized): [security_exception]: unable to authenticate with provided credentials');
    const missing = await rykteWith({ KIBANA_API_KEY: '' })(config, 'kibana', 'import', '--url', server.url, '--api-key');
    expect(missing.stderr.trim()).toBe('rykte: kibana: --api-key reads the key from KIBANA_API_KEY, which is not set');
  });

  it('exports the same objects for the configured prefix', async () => {
    const result = await run(config, 'kibana', 'export');
    expect(result.stdout).toBe(toNdjson(savedObjects(prefix)));
  });
});

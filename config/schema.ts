import { z } from 'zod';
import { collectors } from '../ingest/registry.ts';
import type { SourceBase } from '../ingest/source-config.ts';
import { brandConfig, enrichConfig, staffRoster, topicConfig } from '../enrich/config.ts';
import { storiesConfig } from '../enrich/stories/config.ts';
import { alertsConfig, defaultAlertsConfig } from '../alerts/config.ts';
import { retentionConfig } from '../index/retention.ts';
import { securityConfig } from './security.ts';
import { elasticsearchTls } from '../index/tls.ts';
import { workersConfig } from '../index/lease.ts';
import { serveConfig } from '../web/config.ts';

/**
 * rykte.yml: the top level. Each section's schema lives with the unit that reads it
 * (collectors with their collector, brands/topics/staff in enrich/config.ts); this file only
 * assembles them. README "Config reference" documents every key.
 */
export const elasticsearchConfig = z.strictObject({
  /** Cluster URL. Unset: `rykte` uses the local Elasticsearch that `rykte es start` (or `npm start`) runs. */
  url: z.url().optional(),
  /**
   * Several nodes of one cluster, instead of `url`: requests go round the nodes, and one that
   * fails (connection refused, timeout, 502/503/504) is set aside while the request is retried on
   * the next. @example [http://es1:9200, http://es2:9200, http://es3:9200]
   */
  nodes: z.array(z.url()).min(1).optional(),
  /** Elastic Cloud deployment id, instead of `url`/`nodes` (use with `apiKey`). */
  cloudId: z.string().min(1).optional(),
  /** API key (base64 `id:key`). Use `${ELASTICSEARCH_API_KEY}`. */
  apiKey: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** Prefix of every index, alias and template rykte creates. @default rykte */
  indexPrefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, `_` or `-`').default('rykte'),
  /** Bulk indexing: send a request once this many bytes of documents are buffered (or 100 ms after its first document, at the first free request slot). @default 5000000 */
  flushBytes: z.number().int().min(1024).default(5_000_000),
  /** Bulk requests in flight at once, per running source; the source waits while all are busy. @default 2 */
  concurrency: z.number().int().min(1).max(32).default(2),
  /** Trust a private CA or pin one by fingerprint (index/tls.ts, README "TLS"). */
  tls: elasticsearchTls.optional(),
  /** Documents larger than this (serialized, bytes) are rejected before indexing, with their reason. @default 2000000 */
  maxDocumentBytes: z.number().int().min(1024).default(2_000_000),
  /** Where rejected documents go when even the errors index cannot take them. @default rykte-deadletter.jsonl */
  deadLetterFile: z.string().default('rykte-deadletter.jsonl'),
});

function sourcesSchema() {
  const schemas = Object.values(collectors).map((c) => c.configSchema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  // Typed by the shape the runner reads; each collector narrows to its own config.
  return z.array(z.discriminatedUnion('type', schemas)).default([]) as unknown as z.ZodDefault<z.ZodArray<z.ZodType<SourceConfig>>>;
}

export type SourceConfig = SourceBase & { type: string; [key: string]: unknown };

export const configSchema = z
  .strictObject({
    elasticsearch: elasticsearchConfig.default(elasticsearchConfig.parse({})),
    /** Languages mentions are expected in (ISO 639-1); detection is restricted to these. @default [sv, en] */
    languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1).default(['sv', 'en']),
    brands: z.array(brandConfig).default([]),
    topics: z.array(topicConfig).default([]),
    staff: staffRoster.default([]),
    enrich: enrichConfig.default(enrichConfig.parse({})),
    sources: sourcesSchema(),
    stories: storiesConfig.default(storiesConfig.parse({})),
    alerts: alertsConfig.default(defaultAlertsConfig()),
    /** How long mentions are kept (README "Operations"). @default {} (forever) */
    retention: retentionConfig.default({ checkEveryHours: 24 }),
    /** Several `rykte run` workers sharing the sources through leases (README "Running at scale"). */
    workers: workersConfig.default(() => workersConfig.parse({})),
    /** URL redaction and untrusted feed URLs (config/security.ts). */
    security: securityConfig.default(() => securityConfig.parse({})),
    /** `rykte serve` (web/config.ts). */
    serve: serveConfig.default(() => serveConfig.parse({})),
  })
  .superRefine((config, ctx) => {
    const unique = (kind: 'brands' | 'topics' | 'staff' | 'sources', key: (x: any) => string) => {
      const seen = new Set<string>();
      (config[kind] as unknown[]).forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [kind, i], message: `duplicate ${kind === 'sources' ? 'name' : 'id'} \`${k}\``, input: k });
        seen.add(k);
      });
    };
    unique('brands', (b) => b.id);
    unique('topics', (t) => t.id);
    unique('staff', (s) => s.id);
    unique('sources', (s) => s.name);
  });

export type Config = z.infer<typeof configSchema> & { baseDir: string };

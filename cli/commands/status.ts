import type { Command } from 'commander';
import type { SourceConfig } from '../../config/schema.ts';
import { ERASED_AUTHOR } from '../../index/erased.ts';
import type { StateStore } from '../../index/state.ts';
import type { Cursor } from '../../ingest/collector.ts';
import type { SourceHealth } from '../../ingest/commit.ts';
import { configPath, openPipeline } from '../context.ts';
import { table } from '../table.ts';
import { expiresAt, type Lease } from '../../index/lease.ts';
import { ALERTS_LEASE, STORIES_LEASE, sourceLease } from '../../ingest/claims.ts';
import { redactDeep } from '../../log/redact.ts';
import { feedStatuses, type FeedStatus } from '../../ingest/feed-health.ts';
import type { RssConfig } from '../../ingest/rss.ts';

export interface SourceStatus extends SourceHealth {
  source: string;
  type: string;
  enabled: boolean;
  /** `ok`, `failing` (last run failed), `degraded` (some of its feeds fail), `never run`, or `not configured` (state left by a removed source). */
  health: 'ok' | 'failing' | 'degraded' | 'never run' | 'not configured';
  /** An `rss` source's feeds, each with its own health. */
  feeds?: FeedStatus[];
  cursor?: Cursor;
  cursorUpdatedAt?: string;
  /** The worker holding the source's lease and since when; none once released or expired. */
  heldBy?: string;
  heldSince?: string;
}

/** Scalar leaves of a cursor as `path=value`, long ids and lists shortened: enough to see it move. */
export function cursorSummary(cursor: unknown, width = 60): string {
  const parts: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) parts.push(`${path}=[${value.length}]`);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else if (value !== undefined) parts.push(`${path}=${String(value)}`);
  };
  walk(cursor, '');
  const text = parts.join(' ');
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Pure: configured sources joined with their stored health and cursor. */
export function sourceStatuses(
  sources: SourceConfig[],
  health: Map<string, SourceHealth>,
  cursors: Map<string, { value: Cursor; updatedAt: string }>,
  leases: Map<string, Lease> = new Map(),
  now = Date.now(),
): SourceStatus[] {
  const names = [...new Set([...sources.map((s) => s.name), ...health.keys()])];
  return names.map((name) => {
    const config = sources.find((s) => s.name === name);
    const h = health.get(name);
    const failing = h?.lastErrorAt && (!h.lastSuccessAt || h.lastErrorAt > h.lastSuccessAt);
    const feeds = config?.type === 'rss' ? feedStatuses((config as unknown as RssConfig).feeds.map((f) => f.url), cursors.get(name)?.value) : undefined;
    const degraded = feeds?.some((f) => f.health === 'failing');
    return {
      source: name,
      type: config?.type ?? '?',
      enabled: config?.enabled ?? false,
      health: !config ? 'not configured' : !h ? 'never run' : failing ? 'failing' : degraded ? 'degraded' : 'ok',
      ...(feeds ? { feeds } : {}),
      ...h,
      collected: h?.collected ?? 0,
      cursor: cursors.get(name)?.value,
      cursorUpdatedAt: cursors.get(name)?.updatedAt,
      ...holder(leases.get(sourceLease(name)), now),
    };
  });
}

/** Holder of a live lease, if any. */
function holder(lease: Lease | undefined, now: number): { heldBy?: string; heldSince?: string } {
  return lease?.owner && now < expiresAt(lease) ? { heldBy: lease.owner, heldSince: lease.since } : {};
}

async function listOrNone<T>(state: StateStore, kind: string) {
  try {
    return await state.list<T>(kind);
  } catch (error) {
    // No state index yet (`rykte setup` / `rykte run` not run): nothing has run.
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return [];
    throw error;
  }
}

const when = (iso?: string) => (iso ? iso.slice(0, 19).replace('T', ' ') : '-');

export function register(program: Command) {
  program
    .command('status')
    .description("each source's health: last run, last success, last error, mentions collected, where its cursor stands")
    .option('--json', 'print the statuses as a JSON array')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const health = new Map((await listOrNone<SourceHealth>(pipeline.state, 'health')).map((h) => [h.key, h.value]));
        const cursors = new Map((await listOrNone<Cursor>(pipeline.state, 'cursor')).map((c) => [c.key, { value: c.value, updatedAt: c.updatedAt }]));
        const leases = new Map((await listOrNone<Lease>(pipeline.state, 'lease')).map((l) => [l.key, l.value]));
        // Redacted again on the way out: state written before redaction existed may hold secrets.
        const statuses = redactDeep(sourceStatuses(pipeline.config.sources, health, cursors, leases));
        // Exit 1 when a source is failing or degraded, so cron jobs and health checks can alert on it.
        if (statuses.some((s) => s.health === 'failing' || s.health === 'degraded')) process.exitCode = 1;
        if (opts.json) return console.log(JSON.stringify(statuses, null, 2));
        const rows = statuses.map((s) => [
          // A run cut short by maxPagesPerRun: the next run continues from the cursor.
          s.source, s.type, s.limited ? `${s.health}, limited to ${s.limited.pages} pages` : s.health, s.heldBy ? `${s.heldBy} since ${when(s.heldSince)}` : '-', when(s.lastRunAt), when(s.lastSuccessAt), String(s.collected),
          s.cursor ? cursorSummary(s.cursor, 40) : '-', s.lastError ? `${s.lastErrorType ?? 'error'}: ${s.lastError}` : '-',
        ]);
        // Piped output is not cut to 120 columns: the last error is the column people grep.
        console.log(table(['source', 'type', 'health', 'held by (UTC)', 'last run (UTC)', 'last success', 'collected', 'cursor', 'last error'], rows, process.stdout.columns || 200));
        const feeds = statuses.flatMap((s) => (s.feeds ?? []).map((f) => [s.source, f.url, f.health, when(f.lastSuccessAt), String(f.items), f.lastError ? `${f.lastErrorType}: ${f.lastError}` : '-']));
        if (feeds.length) console.log(`\n${table(['source', 'feed', 'health', 'last success', 'items', 'last error'], feeds, process.stdout.columns || 200)}`);
        for (const [role, lease] of [['alert engine', ALERTS_LEASE], ['story placement', STORIES_LEASE]]) {
          const h = holder(leases.get(lease!), Date.now());
          console.log(`${role}: ${h.heldBy ? `${h.heldBy} since ${when(h.heldSince)}` : 'no worker running'}`);
        }
        const erased = await listOrNone(pipeline.state, ERASED_AUTHOR);
        if (erased.length) console.log(`erased authors: ${erased.length}, their posts left out (rykte forget --list)`);
      } finally {
        await pipeline.close();
      }
    });
}

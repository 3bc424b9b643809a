import type { Logger } from 'pino';
import { logger as root } from './logger.ts';

/**
 * Named events: every log line the pipeline writes goes through one of these helpers, so
 * each event has one name, fixed fields (`event`, `stage`, `source`, `errorType`) and one
 * sentence. Dashboards and tests key on `event`. Stages add their events here.
 */
export type Stage = 'config' | 'ingest' | 'enrich' | 'index' | 'alerts' | 'stories' | 'cli' | 'elasticsearch' | 'workers' | 'serve' | 'kibana';

export function emit(
  level: 'debug' | 'info' | 'warn' | 'error',
  event: string,
  stage: Stage,
  fields: Record<string, unknown>,
  msg: string,
  log: Logger = root,
): void {
  log[level]({ event, stage, ...fields }, msg);
}

export const events = {
  configWarning: (path: string, message: string) =>
    emit('warn', 'config.warning', 'config', { path }, `config: ${path}: ${message}`),

  sourceProblem: (source: string, where: string, errorType: string, message: string) =>
    // A message that already names its place (a feed URL) does not get it twice.
    emit('warn', 'ingest.problem', 'ingest', { source, where, errorType }, message.includes(where) ? `${source}: ${message}` : `${source}: ${where}: ${message}`),
  /** One line per feed per run: what it held and why items were not passed on (`skipped` by reason). */
  feedRead: (source: string, url: string, read: { items: number; fresh: number; skipped: Record<string, number>; problems: Record<string, number>; notModified?: boolean; waitUntil?: string }) => {
    const counts = (o: Record<string, number>) => Object.entries(o).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ');
    const tail = [counts(read.skipped) && `skipped ${counts(read.skipped)}`, counts(read.problems) && `problems: ${counts(read.problems)}`].filter(Boolean).join('; ');
    const what = read.waitUntil ? `not asked before ${read.waitUntil} (it answered 429)` : read.notModified ? 'not modified since the last read (304)' : `${read.items} items, ${read.fresh} new${tail ? `; ${tail}` : ''}`;
    emit('info', 'ingest.feed_read', 'ingest', { source, url, items: read.items, new: read.fresh, skipped: read.skipped, problems: read.problems, notModified: !!read.notModified, waitUntil: read.waitUntil }, `${source}: ${url}: ${what}`);
  },
  sourceFailed: (source: string, errorType: string, message: string) =>
    emit('error', 'ingest.failed', 'ingest', { source, errorType }, `${source}: ${message}`),
  sourceCollected: (source: string, collected: number, indexed: number, failed: number, erased = 0) =>
    emit('info', 'ingest.collected', 'ingest', { source, collected, indexed, failed, ...(erased ? { erased } : {}) }, `${source}: collected ${collected}, indexed ${indexed}, rejected ${failed}${erased ? `, ${erased} of erased authors left out` : ''}`),

  sourceRateLimited: (source: string, retryAt: string, waitMs: number) =>
    emit('warn', 'ingest.rate_limited', 'ingest', { source, retryAt, waitMs }, `${source}: rate limited; waiting ${Math.ceil(waitMs / 1000)}s until ${retryAt}`),
  sourceRetry: (source: string, attempt: number, retries: number, delayMs: number, errorType: string, message: string) =>
    emit('warn', 'ingest.retry', 'ingest', { source, attempt, retries, delayMs, errorType }, `${source}: ${message}; retry ${attempt} of ${retries} in ${delayMs}ms`),
  streamReconnected: (source: string, attempt: number) =>
    emit('warn', 'ingest.stream_reconnected', 'ingest', { source, attempt }, `${source}: stream reconnected (attempt ${attempt}); backfilling the gap by search`),

  spoolFull: (source: string, dir: string, maxBytes: number, refused = 1) =>
    emit('error', 'ingest.spool_full', 'ingest', { source, dir, maxBytes, refused }, `${source}: stream spool in ${dir} is full (${maxBytes} bytes): ${refused} posts not kept so far; is Elasticsearch down? The search backfill fetches what it still can`),
  documentRejected: (id: string, index: string, status: number, errorType: string, reason: string) =>
    emit('warn', 'index.rejected', 'index', { id, index, status, errorType }, `index: ${index} rejected ${id} (${status} ${errorType}): ${reason}; kept in the dead-letter index`),
  indexBackPressure: (documents: number, status: number, reason: string, delayMs: number) =>
    emit('warn', 'index.back_pressure', 'index', { documents, status, delayMs }, `index: Elasticsearch answered ${status} (${reason}) for ${documents} documents; retrying them in ~${Math.ceil(delayMs / 1000)}s`),
  sourceLimited: (source: string, reason: string, pages: number) =>
    emit('info', 'ingest.limited', 'ingest', { source, reason, pages }, `${source}: stopped after ${pages} pages (${reason}); the next run continues from there`),
  deadLetterFailed: (id: string, file: string, message: string) =>
    emit('error', 'index.deadletter_failed', 'index', { id, file }, `index: could not write ${id} to the dead-letter index (${message}); appended to ${file}`),
  setupOutdated: (prefix: string, why: string) =>
    emit('warn', 'index.setup_outdated', 'index', { prefix }, `index: the templates under \`${prefix}\` are from an older rykte and ${why}; run \`rykte setup\` with an admin credential to update them`),
  refreshSkipped: (index: string, why: string) =>
    emit('info', 'index.refresh_skipped', 'index', { index }, `index: not refreshing ${index} (${why}); what was written becomes searchable on the next periodic refresh`),
  retentionApplied: (months: number, keepFrom: string, indices: string[], stories: number) =>
    emit('info', 'index.retention', 'index', { months, keepFrom, indices, stories }, `index: retention ${months} months: deleted ${indices.length} mention indices (${indices.join(', ') || 'none'}) and ${stories} stories last seen before ${keepFrom.slice(0, 10)}`),
  retentionFailed: (message: string) =>
    emit('error', 'index.retention_failed', 'index', {}, `index: retention: ${message}; will try again at the next check`),
  templatesInstalled: (names: string[], features: string[]) =>
    emit('info', 'index.setup', 'index', { templates: names, features }, `index: installed templates ${names.join(', ')}`),

  enrichBatchFailed: (message: string, mentions: number) =>
    emit('error', 'enrich.batch_failed', 'enrich', { mentions }, `enrich: the batch enricher failed (${message}); enriching ${mentions} mentions in process`),
  classifierTrained: (file: string, report: { trained: number; heldOut: number; labels: { label: string; precision: number; recall: number }[] }) =>
    emit('info', 'enrich.classifier_trained', 'enrich', { file, trained: report.trained, heldOut: report.heldOut, labels: report.labels }, `enrich: topic classifier trained on ${report.trained} examples from ${file}; held-out ${report.heldOut}: ${report.labels.map((l) => `${l.label} P=${l.precision.toFixed(2)} R=${l.recall.toFixed(2)}`).join(', ')}`),
  storiesUpdated: (stories: number, moved: number, removed: number) =>
    emit('info', 'stories.updated', 'stories', { stories, moved, removed }, `stories: updated ${stories} stories, moved ${moved} earlier mentions, merged away ${removed}`),
  storiesRecovered: (stories: number, mentions: number) =>
    emit('info', 'stories.recovered', 'stories', { stories, mentions }, `stories: reloaded ${stories} stories (${mentions} mentions) from Elasticsearch`),
  storiesNotRecovered: (mentions: number, max: number) =>
    emit('info', 'stories.not_recovered', 'stories', { mentions, maxTrackedMentions: max }, `stories: ${mentions} mentions of less recently active stories of the recovery period stay in Elasticsearch only (the working set holds ${max}); posts referring to them still reload them`),
  storiesEvicted: (mentions: number, kept: number) =>
    emit('info', 'stories.evicted', 'stories', { mentions, kept }, `stories: dropped ${mentions} mentions of quiet stories from memory, keeping ${kept}`),
  /** `then`: what happens next (tried again with the next page, unless said otherwise). */
  storiesFailed: (errorType: string, message: string, then = 'will retry with the next page') =>
    emit('error', 'stories.failed', 'stories', { errorType }, `stories: ${message}; ${then}`),
  alertKeysLimited: (rule: string, maxKeys: number, mentions: number) =>
    emit('warn', 'alerts.keys_limited', 'alerts', { rule, maxKeys, mentions }, `alerts: ${rule}: more keys than maxKeys (${maxKeys}); ${mentions} mentions of the other keys were not evaluated (raise maxKeys)`),
  alertFired: (rule: string, key: string, id: string, summary: string) =>
    emit('info', 'alerts.fired', 'alerts', { rule, key, id }, `alerts: ${rule}: ${summary}`),
  alertSilenced: (rule: string, key: string, until: string) =>
    emit('info', 'alerts.silenced', 'alerts', { rule, key, until }, `alerts: ${rule}: ${key} matched again; silenced until ${until}`),
  alertDuplicate: (rule: string, key: string, id: string) =>
    emit('info', 'alerts.duplicate', 'alerts', { rule, key, id }, `alerts: ${rule}: alert ${id} exists already; not sent again`),
  alertNotified: (rule: string, notifier: string, id: string, attempts: number) =>
    emit('info', 'alerts.notified', 'alerts', { rule, notifier, id, attempts }, `alerts: ${rule}: sent ${id} to ${notifier}`),
  alertNotifyFailed: (rule: string, notifier: string, id: string, errorType: string, message: string) =>
    emit('error', 'alerts.notify_failed', 'alerts', { rule, notifier, id, errorType }, `alerts: ${rule}: ${notifier} could not send ${id}: ${message}`),
  alertNotifyRetry: (notifier: string, attempt: number, waitMs: number, message: string) =>
    emit('warn', 'alerts.notify_retry', 'alerts', { notifier, attempt, waitMs }, `alerts: ${notifier}: ${message}; retry ${attempt} in ${waitMs} ms`),
  alertResent: (rule: string, key: string, id: string) =>
    emit('warn', 'alerts.resent', 'alerts', { rule, key, id }, `alerts: ${rule}: alert ${id} was stored but never sent (its engine stopped first); sending it now`),
  alertRuleFailed: (rule: string, errorType: string, message: string) =>
    emit('error', 'alerts.rule_failed', 'alerts', { rule, errorType }, `alerts: ${rule}: ${message}`),

  leaseAcquired: (worker: string, lease: string) =>
    emit('info', 'workers.lease_acquired', 'workers', { worker, lease }, `workers: ${worker} holds ${lease}`),
  leaseLost: (worker: string, lease: string) =>
    emit('warn', 'workers.lease_lost', 'workers', { worker, lease }, `workers: ${worker} lost ${lease} (not renewed in time, or another worker took it over); stopping its work`),
  leaseReleased: (worker: string, lease: string, reason: string) =>
    emit('info', 'workers.lease_released', 'workers', { worker, lease, reason }, `workers: ${worker} released ${lease} (${reason})`),
  leaseFailed: (worker: string, errorType: string, message: string) =>
    emit('error', 'workers.failed', 'workers', { worker, errorType }, `workers: ${worker}: ${message}; retrying at the next renewal`),

  elasticsearchWaiting: (attempt: number, waitMs: number, reason: string) =>
    emit('warn', 'elasticsearch.waiting', 'elasticsearch', { attempt, waitMs, reason }, `elasticsearch: not reachable (${reason}); try ${attempt + 1} in ${Math.round(waitMs / 1000)} s`),
  elasticsearchReached: (attempts: number) =>
    emit('info', 'elasticsearch.reached', 'elasticsearch', { attempts }, `elasticsearch: reachable after ${attempts} tries`),
  elasticsearchStarted: (url: string, version: string) =>
    emit('info', 'elasticsearch.started', 'elasticsearch', { url, version }, `elasticsearch: ${version} is up at ${url}`),
  elasticsearchStopped: (url: string) =>
    emit('info', 'elasticsearch.stopped', 'elasticsearch', { url }, `elasticsearch: stopped ${url}`),

  serveListening: (url: string) => emit('info', 'serve.listening', 'serve', { url }, `serve: listening on ${url}`),
  serveFailed: (path: string, message: string) =>
    emit('error', 'serve.failed', 'serve', { path, errorType: 'page' }, `serve: ${path}: ${message}`),
  kibanaImported: (url: string, objects: number) =>
    emit('info', 'kibana.imported', 'kibana', { url, objects }, `kibana: imported ${objects} saved objects into ${url}`),
};

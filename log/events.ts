import type { Logger } from 'pino';
import { logger as root } from './logger.ts';

/**
 * Named events: every log line the pipeline writes goes through one of these helpers, so
 * each event has one name, fixed fields (`event`, `stage`, `source`, `errorType`) and one
 * sentence. Dashboards and tests key on `event`. Stages add their events here.
 */
export type Stage = 'config' | 'ingest' | 'enrich' | 'index' | 'alerts' | 'stories' | 'cli' | 'elasticsearch';

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
    emit('warn', 'ingest.problem', 'ingest', { source, where, errorType }, `${source}: ${where}: ${message}`),
  sourceFailed: (source: string, errorType: string, message: string) =>
    emit('error', 'ingest.failed', 'ingest', { source, errorType }, `${source}: ${message}`),
  sourceCollected: (source: string, collected: number, indexed: number, failed: number) =>
    emit('info', 'ingest.collected', 'ingest', { source, collected, indexed, failed }, `${source}: collected ${collected}, indexed ${indexed}, rejected ${failed}`),

  documentRejected: (id: string, index: string, status: number, errorType: string, reason: string) =>
    emit('warn', 'index.rejected', 'index', { id, index, status, errorType }, `index: ${index} rejected ${id} (${status} ${errorType}): ${reason}; kept in the dead-letter index`),
  deadLetterFailed: (id: string, file: string, message: string) =>
    emit('error', 'index.deadletter_failed', 'index', { id, file }, `index: could not write ${id} to the dead-letter index (${message}); appended to ${file}`),
  templatesInstalled: (names: string[], features: string[]) =>
    emit('info', 'index.setup', 'index', { templates: names, features }, `index: installed templates ${names.join(', ')}`),

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
  alertRuleFailed: (rule: string, errorType: string, message: string) =>
    emit('error', 'alerts.rule_failed', 'alerts', { rule, errorType }, `alerts: ${rule}: ${message}`),

  elasticsearchStarted: (url: string, version: string) =>
    emit('info', 'elasticsearch.started', 'elasticsearch', { url, version }, `elasticsearch: ${version} is up at ${url}`),
  elasticsearchStopped: (url: string) =>
    emit('info', 'elasticsearch.stopped', 'elasticsearch', { url }, `elasticsearch: stopped ${url}`),
};

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

  storiesUpdated: (stories: number, moved: number, removed: number) =>
    emit('info', 'stories.updated', 'stories', { stories, moved, removed }, `stories: updated ${stories} stories, moved ${moved} earlier mentions, merged away ${removed}`),
  storiesRecovered: (stories: number, mentions: number) =>
    emit('info', 'stories.recovered', 'stories', { stories, mentions }, `stories: reloaded ${stories} stories (${mentions} mentions) from Elasticsearch`),
  storiesEvicted: (mentions: number, kept: number) =>
    emit('info', 'stories.evicted', 'stories', { mentions, kept }, `stories: dropped ${mentions} mentions of quiet stories from memory, keeping ${kept}`),
  storiesFailed: (errorType: string, message: string) =>
    emit('error', 'stories.failed', 'stories', { errorType }, `stories: ${message}; will retry with the next page`),

  elasticsearchStarted: (url: string, version: string) =>
    emit('info', 'elasticsearch.started', 'elasticsearch', { url, version }, `elasticsearch: ${version} is up at ${url}`),
  elasticsearchStopped: (url: string) =>
    emit('info', 'elasticsearch.stopped', 'elasticsearch', { url }, `elasticsearch: stopped ${url}`),
};

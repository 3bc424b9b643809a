import type { SourceConfig } from '../config/schema.ts';

/**
 * Source settings that are valid but probably not meant: warned about when the schedule
 * starts, never refused. Each is `[path, message]` for the `config.warning` event.
 */
export function sourceWarnings(sources: SourceConfig[]): [string, string][] {
  const out: [string, string][] = [];
  sources.forEach((source, i) => {
    const at = `sources[${i}]`;
    // A single request allowed to take longer than the interval: the next polls are skipped
    // while it hangs (runs never overlap), so a slow server delays everything behind it.
    if (!source.schedule && source.timeoutSecs >= source.intervalSecs) {
      out.push([`${at}.timeoutSecs`, `one request may take ${source.timeoutSecs}s, as long as intervalSecs (${source.intervalSecs}s): polls are skipped while it hangs`]);
    }
    if (source.type === 'twitter' && source.stream === true && !source.schedule && source.intervalSecs > 300) {
      out.push([`${at}.intervalSecs`, `streamed tweets are indexed at each run: with intervalSecs ${source.intervalSecs} they wait up to that long to be searchable`]);
    }
  });
  return out;
}

import type { AlertsConfig } from './config.ts';

/**
 * Settings that are valid but probably not meant: warned about when the engine starts, never
 * refused. Each is `[path, message]` for the `config.warning` event.
 */
export function alertWarnings(config: AlertsConfig): [string, string][] {
  const out: [string, string][] = [];
  if (config.rules.length && !config.notifiers.slack && !config.notifiers.webhook && !config.notifiers.console) {
    out.push(['alerts.notifiers', 'no notifier is enabled: alerts are only stored in the alerts index']);
  }
  config.rules.forEach((rule, i) => {
    const o = rule as Record<string, any>;
    const at = `alerts.rules[${i}]`;
    if (rule.type === 'spike' && o.spike_height <= 1 && o.spike_type !== 'down') {
      out.push([`${at}.spike_height`, `${o.spike_height} matches a steady rate (current ≥ reference × ${o.spike_height}): every window will alert`]);
    }
    if (rule.type === 'spike' && o.timeframe < config.intervalSecs) {
      out.push([`${at}.timeframe`, `${o.timeframe}s is shorter than alerts.intervalSecs (${config.intervalSecs}s): each tick sees more than a whole window at once`]);
    }
    if (rule.realert < config.intervalSecs) {
      out.push([`${at}.realert`, `${rule.realert}s is shorter than alerts.intervalSecs (${config.intervalSecs}s): it cannot stop repeats`]);
    }
  });
  return out;
}

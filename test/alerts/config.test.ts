import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/load.ts';
import { redactSecrets } from '../../log/logger.ts';

const problems = (raw: unknown): string[] => {
  try {
    parseConfig(raw, 'r.yml', { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B2/abcdefsecret' });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('alerts config', () => {
  it('has defaults: every minute, 30 s query delay, alerts on the console, no rules', () => {
    expect(parseConfig({}, 'r.yml').alerts).toEqual({ intervalSecs: 60, queryDelaySecs: 5, notifiers: { console: true }, rules: [] });
  });

  it('reads the Slack webhook from the environment and treats it as a secret', () => {
    const config = parseConfig({ alerts: { notifiers: { slack: { webhookUrl: '${SLACK_WEBHOOK_URL}' } } } }, 'r.yml', { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B2/abcdefsecret' });
    expect(config.alerts.notifiers).toEqual({ slack: { webhookUrl: 'https://hooks.slack.com/services/T1/B2/abcdefsecret', retries: 3, timeoutSecs: 10 }, console: true });
    expect(redactSecrets('posting to https://hooks.slack.com/services/T1/B2/abcdefsecret')).toBe('posting to [redacted]');
  });

  it('fills each rule with its own defaults, ElastAlert2 durations in seconds', () => {
    const config = parseConfig({ alerts: { rules: [{ name: 'spike', type: 'spike', timeframe: { hours: 1 }, spike_height: 3, realert: { minutes: 30 } }] } }, 'r.yml');
    expect(config.alerts.rules).toEqual([
      { name: 'spike', type: 'spike', enabled: true, realert: 1800, filter: [], timeframe: 3600, spike_height: 3, spike_type: 'up', threshold_cur: 0, threshold_ref: 0, alert_on_new_data: false, maxKeys: 100 },
    ]);
  });

  it('names the rule and option that is wrong', () => {
    expect(problems({ alerts: { rules: [{ name: 'a', type: 'spike', timeframe: { minutes: 5 }, spike_height: 2, spike_typ: 'up' }] } })).toEqual(['alerts.rules[0]: Unrecognized key: "spike_typ"']);
    expect(problems({ alerts: { rules: [{ name: 'a', type: 'spike', timeframe: { minutes: 5 }, spike_height: -2 }] } })).toEqual([
      'alerts.rules[0].spike_height: Too small: expected number to be >0, got `-2`',
    ]);
    expect(problems({ alerts: { rules: [{ name: 'a', type: 'spikes' }] } })).toEqual([
      "alerts.rules[0].type: Invalid discriminator value. Expected 'spike' | 'baseline' | 'story-velocity' | 'staff-involved' | 'new-voice', got `\"spikes\"`",
    ]);
    expect(problems({ alerts: { rules: [{ name: 'a', type: 'new-voice' }, { name: 'a', type: 'baseline' }] } })).toEqual(['alerts.rules[1].name: duplicate rule name `a`, got `"a"`']);
  });
});

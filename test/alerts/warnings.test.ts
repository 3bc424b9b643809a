import { describe, expect, it } from 'vitest';
import { alertsConfig } from '../../alerts/config.ts';
import { alertWarnings } from '../../alerts/warnings.ts';

describe('alert config warnings', () => {
  it('warns about risky but valid settings, and not about sound ones', () => {
    const config = alertsConfig.parse({
      intervalSecs: 120,
      notifiers: { console: false },
      rules: [
        { name: 'flat', type: 'spike', timeframe: 60, spike_height: 1, realert: 30 },
        { name: 'fine', type: 'spike', timeframe: { hours: 1 }, spike_height: 3 },
      ],
    });
    expect(alertWarnings(config)).toEqual([
      ['alerts.notifiers', 'no notifier is enabled: alerts are only stored in the alerts index'],
      ['alerts.rules[0].spike_height', '1 matches a steady rate (current ≥ reference × 1): every window will alert'],
      ['alerts.rules[0].timeframe', '60s is shorter than alerts.intervalSecs (120s): each tick sees more than a whole window at once'],
      ['alerts.rules[0].realert', '30s is shorter than alerts.intervalSecs (120s): it cannot stop repeats'],
    ]);
    expect(alertWarnings(alertsConfig.parse({ rules: [{ name: 'fine', type: 'spike', timeframe: { hours: 1 }, spike_height: 3 }] }))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createConsoleNotifier } from '../../../alerts/notify/console.ts';
import { alertDoc } from '../../helpers/alerts.ts';

describe('console notifier', () => {
  it('prints one line per alert', async () => {
    const lines: string[] = [];
    await createConsoleNotifier((l) => lines.push(l)).send(alertDoc({ storyId: 's9' }));
    expect(lines).toEqual([
      'ALERT fjallvind-spike fjallvind at 2026-11-20T10:00:00.000Z: Spike: 120 mentions for fjallvind in 30m from 2026-11-20T10:00:00.000Z, against 20 in the 30m before [current 120, reference 20] (rykte story s9)',
    ]);
  });
});

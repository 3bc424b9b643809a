import { describe, expect, it } from 'vitest';
import { isSilenced, nextSilence } from '../../alerts/silence.ts';

const H = 3_600_000;

describe('silencing', () => {
  it('silences a rule and key for realert after an alert', () => {
    const s = nextSilence(undefined, 0, 3600);
    expect(s).toEqual({ until: H, exponent: 0 });
    expect(isSilenced(s, H - 1)).toBe(true);
    expect(isSilenced(s, H)).toBe(false);
  });

  it('doubles the silence for a key that keeps firing, up to exponential_realert', () => {
    let s = nextSilence(undefined, 0, 3600, 4 * 3600);
    const untils = [s.until];
    for (const at of [H, 3 * H, 7 * H]) {
      s = nextSilence(s, at, 3600, 4 * 3600);
      untils.push(s.until);
    }
    // 1 h, then 2 h, 4 h, and capped at 4 h.
    expect(untils).toEqual([H, 3 * H, 7 * H, 11 * H]);
    // Quiet for longer than exponential_realert after the silence ended: back to 1 h.
    expect(nextSilence(s, 16 * H, 3600, 4 * 3600)).toEqual({ until: 17 * H, exponent: 0 });
  });
});

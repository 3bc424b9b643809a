import type { Clock } from '../../alerts/alert.ts';

/** A clock that only moves when something sleeps on it (or the test advances it): no real waiting. */
export function fakeClock(start = 0): Clock & { sleeps: number[]; advance(ms: number): void } {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms) => void (t += ms),
  };
}

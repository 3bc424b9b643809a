/**
 * Silencing per rule and key (ElastAlert2's `realert` / `exponential_realert`), as pure
 * functions of the saved silence and the match time. Match time, not the wall clock, so a
 * backtest silences exactly as the live engine does.
 */
export interface Silence {
  /** No alert for this rule and key before this time (epoch ms). */
  until: number;
  /** Doublings applied to `realert` (exponential realert). */
  exponent: number;
}

export function isSilenced(silence: Silence | undefined, at: number): boolean {
  return silence !== undefined && at < silence.until;
}

/**
 * The silence after an alert at `at`. With `exponentialSecs`, an alert soon after the previous
 * silence ended (within `exponentialSecs` of it) doubles the next silence, up to `exponentialSecs`.
 */
export function nextSilence(previous: Silence | undefined, at: number, realertSecs: number, exponentialSecs?: number): Silence {
  if (!exponentialSecs) return { until: at + realertSecs * 1000, exponent: 0 };
  const soon = previous !== undefined && at < previous.until + exponentialSecs * 1000;
  const exponent = soon ? previous.exponent + 1 : 0;
  const secs = Math.min(realertSecs * 2 ** exponent, exponentialSecs);
  return { until: at + secs * 1000, exponent };
}

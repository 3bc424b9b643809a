import { z } from 'zod';

/**
 * Durations as ElastAlert2 writes them (`{ minutes: 5 }`, `{ hours: 1 }`) or as a number of
 * seconds, so rules port unchanged. Parsed to seconds: everything downstream carries its unit.
 */
const units = { weeks: 604_800, days: 86_400, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001 } as const;

const unitObject = z
  .strictObject(Object.fromEntries(Object.keys(units).map((u) => [u, z.number().min(0).optional()])) as Record<keyof typeof units, z.ZodOptional<z.ZodNumber>>)
  .refine((o) => Object.values(o).some((v) => v !== undefined), 'Expected at least one of weeks, days, hours, minutes, seconds');

/** A duration in seconds: `{ minutes: 5 }`, `{ hours: 1, minutes: 30 }` or `300`. */
export const duration = z.union([z.number().min(0), unitObject]).transform((v) =>
  typeof v === 'number' ? v : Object.entries(v).reduce((secs, [unit, n]) => secs + (n ?? 0) * units[unit as keyof typeof units], 0),
);

/** The same, but never zero (a window of no time is a mistake). */
export const positiveDuration = duration.refine((secs) => secs > 0, 'Expected a duration > 0');

/** "1h", "5m", "90s" for messages. */
export function formatSecs(secs: number): string {
  if (secs % 86_400 === 0) return `${secs / 86_400}d`;
  if (secs % 3600 === 0) return `${secs / 3600}h`;
  if (secs % 60 === 0) return `${secs / 60}m`;
  return `${secs}s`;
}

import { z } from 'zod';
import { validate as validCron } from 'node-cron';

/**
 * Options every source has, whatever its type; the runner reads them, collectors never do.
 * A collector's own schema extends this one.
 */
export const sourceBase = z.strictObject({
  /** Unique name of this source: the key of its cursor and health. @example x-brand */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, `_`, `.` or `-`'),
  /** @default true */
  enabled: z.boolean().default(true),
  /** Cron expression (UTC) for when to poll. Takes precedence over `intervalSecs`. @example "*\/5 * * * *" */
  schedule: z.string().refine((v) => validCron(v), 'Expected a cron expression (5 or 6 fields)').optional(),
  /** Poll every N seconds when no `schedule` is set. @default 300 */
  intervalSecs: z.number().min(1).default(300),
  /** Abort one page request after N seconds. @default 30 */
  timeoutSecs: z.number().min(0.1).default(30),
  /** Retries of a failed page (exponential backoff with jitter). @default 3 */
  retries: z.number().int().min(0).max(20).default(3),
  /** Most pages fetched per run, so one source cannot hog a run. @default 100 */
  maxPagesPerRun: z.number().int().min(1).default(100),
  /**
   * Requests of this source go through one p-queue: how many at once and how many per window,
   * so a source stays under its service's limit before the service has to say 429.
   * @default { concurrency: 1 }
   * @example { concurrency: 1, intervalCap: 450, intervalSecs: 900 }
   */
  queue: z
    .strictObject({
      /** Requests in flight at once. @default 1 */
      concurrency: z.number().int().min(1).max(64).default(1),
      /** Most requests started per `intervalSecs` window; unset means no cap. @example 450 */
      intervalCap: z.number().int().min(1).optional(),
      /** Length of the `intervalCap` window in seconds. @default 1 @example 900 */
      intervalSecs: z.number().min(0.001).default(1),
    })
    .default({ concurrency: 1, intervalSecs: 1 }),
  /**
   * Longest wait for a rate-limit reset inside a run; a later reset ends the run (cursor kept)
   * and the next scheduled run picks up. @default 900
   */
  maxRateLimitWaitSecs: z.number().min(0).default(900),
});
export type SourceBase = z.infer<typeof sourceBase>;

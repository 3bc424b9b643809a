import { z } from 'zod';
import { sourceBase } from './source-config.ts';

/** The `rss` source's config: schema, defaults and docs in one place (docs/collectors-feeds.md). */
const feedEntry = z.union([
  z.url().transform((url) => ({ url })),
  z.strictObject({
    url: z.url(),
    /** Charset to use whatever the server and the document say. @example windows-1252 */
    charset: z.string().optional(),
    /** No longer needed (a `<rss>` without version is read as RSS 2.0); accepted and ignored. */
    defaultRss: z.union([z.literal(0.9), z.literal(1), z.literal(2)]).optional(),
  }),
]);

export const rssConfig = sourceBase
  .extend({
    type: z.literal('rss'),
    /** `monitored`: keep items matching the brands; `staff-blog`: keep all, authored by `person`. @default monitored */
    kind: z.enum(['monitored', 'staff-blog']).default('monitored'),
    /** Staff id (from `staff:`) who writes these feeds; required for `staff-blog`. @example anna */
    person: z.string().optional(),
    /** Feed URLs (or `{ url, charset }`). @example [https://example.com/feed.xml] */
    feeds: z.array(feedEntry).min(1),
    /** Extra queries a monitored feed's items may match besides the brands'. @default [] */
    queries: z.array(z.string().min(1)).default([]),
    /** Stop reading a feed beyond this many bytes. @default 5000000 */
    maxBytes: z.number().int().min(1024).default(5_000_000),
    /** Redirects followed per feed. @default 5 */
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Give up on one feed after N seconds (a `timeout` problem of that feed; the next feed is still read). @default 0.8 × timeoutSecs */
    feedTimeoutSecs: z.number().min(0.1).optional(),
    /** Forget an item this many days after it was last in its feed. @default 30 */
    seenTtlDays: z.number().min(1).default(30),
    /** Most item ids remembered per feed. @default 5000 */
    seenMax: z.number().int().min(10).default(5000),
  })
  .refine((c) => c.kind !== 'staff-blog' || !!c.person, { message: 'a `staff-blog` source needs `person` (a staff id)', path: ['person'] })
  .refine((c) => c.feedTimeoutSecs === undefined || c.feedTimeoutSecs < c.timeoutSecs, {
    message: 'Expected `feedTimeoutSecs` to be less than `timeoutSecs` (the page timeout would end the run first)',
    path: ['feedTimeoutSecs'],
  });
export type RssConfig = z.infer<typeof rssConfig>;

import { z } from 'zod';
import { mentionId, type Mention } from '../model/mention.ts';

/**
 * One line (JSONL) or row (CSV) of the import format, validated before it becomes a Mention.
 * Format documented in the README ("Import format"). Unknown fields are ignored so other
 * tools' exports load; values that would collapse or reject downstream are refused here.
 */

/**
 * An id is a non-empty string or a number. `null`, booleans and objects are refused: coerced
 * to text they would become `x:null` or `x:[object Object]` and merge unrelated lines.
 */
const idValue = z
  .union([z.string().trim().min(1, 'expected a non-empty id'), z.number().finite()], {
    error: (issue) => `expected a string or number id, got ${issue.input === null ? 'null' : typeof issue.input}`,
  })
  .transform(String);

const ref = z.union([
  z.string().trim().min(1).transform((id) => ({ id })),
  z.object({ id: idValue, authorId: idValue.optional(), authorHandle: z.string().optional() }),
]);

/** A day of slack for clocks ahead of ours and time zones written as UTC. */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/**
 * `earliest`: dates before it are refused, as are dates more than a day ahead of `now`. Each
 * month of `publishedAt` gets its own index, so junk years (0001, 9999) would each create one
 * and could exhaust the cluster's shard budget.
 */
export function importLineSchema(earliest: string, now: () => Date) {
  return z.object({
    platform: z.string().trim().min(1),
    id: idValue,
    url: z.string().optional(),
    author: z
      .object({
        id: idValue.optional(),
        handle: z.string().optional(),
        name: z.string().optional(),
        followers: z.coerce.number().int().min(0).optional(),
        url: z.string().optional(),
      })
      .default({}),
    title: z.string().optional(),
    text: z.string().default(''),
    language: z.string().optional(),
    publishedAt: z.iso.datetime({ offset: true }).superRefine((value, ctx) => {
      const at = Date.parse(value);
      if (Number.isNaN(at)) return; // not a datetime: said by the check above
      const latest = new Date(now().getTime() + FUTURE_SLACK_MS);
      if (at < Date.parse(earliest)) ctx.addIssue({ code: 'custom', message: `${value} is before ${earliest} (the source's \`earliest\`)` });
      else if (at > latest.getTime()) ctx.addIssue({ code: 'custom', message: `${value} is more than a day in the future` });
    }),
    replyTo: ref.optional(),
    quoteOf: ref.optional(),
    repostOf: ref.optional(),
    links: z.array(z.string()).optional(),
    mentions: z.array(z.string()).optional(),
  });
}
export type ImportLineSchema = ReturnType<typeof importLineSchema>;
export type ImportLine = z.input<ImportLineSchema>;

export function toMention(line: z.infer<ImportLineSchema>, source: string, collectedAt: string): Mention {
  // Built field by field: rest-and-spread of the parsed line cost ~10 µs a line (V8's slow path).
  const m: Mention = {
    id: mentionId(line.platform, line.id),
    platform: line.platform,
    source,
    nativeId: line.id,
    author: line.author,
    text: line.text,
    publishedAt: new Date(line.publishedAt).toISOString(),
    collectedAt,
    references: { replyTo: line.replyTo, quoteOf: line.quoteOf, repostOf: line.repostOf, links: line.links, mentions: line.mentions },
    enrichment: {},
  };
  if (line.url !== undefined) m.url = line.url;
  if (line.title !== undefined) m.title = line.title;
  if (line.language !== undefined) m.language = line.language;
  return m;
}

export function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
}

/** The import format with the default date range, for tools that read import files (`rykte enrich`, benchmarks). */
export const importLine = importLineSchema('1990-01-01', () => new Date());

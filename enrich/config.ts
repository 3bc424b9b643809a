import { z } from 'zod';
import { compileQuery } from './query/compile.ts';

/**
 * Config sections the enrich stage reads: brands (with products), topics, the staff roster and
 * `enrich:` (sentiment thresholds, the optional topic classifier, advocate rules).
 * Queries use the brand query language (docs/enrichment.md: "Query language") and are compiled
 * here, so a syntax error fails config loading with its path: `brands[0].query: query error at 14: ...`.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, `_` or `-`');

const query = z
  .string()
  .min(1)
  .superRefine((q, ctx) => {
    try {
      compileQuery(q);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const productConfig = z.strictObject({
  id,
  name: z.string().min(1),
  /** Boolean query that finds the product. @example '"Vindjacka Pro" OR #vindjackapro' */
  query,
});

export const brandConfig = z.strictObject({
  id,
  name: z.string().min(1),
  /** Boolean query that finds the brand. @example 'fjällvind OR #fjallvind OR @fjallvind' */
  query,
  products: z.array(productConfig).default([]),
});

export const topicConfig = z.strictObject({
  id,
  name: z.string().optional(),
  /** Boolean query: a mention matching it gets this topic (topics are multi-label). @example 'klimat* OR hållbar*' */
  query,
});

/** A handle as the platform shows it, without spaces: `annalind`, `@annalind`, `anna@social.example`. */
const handle = z.string().regex(/^@?[^\s@]+(@[^\s@]+)?$/, 'a handle without spaces (`name` or Mastodon `name@instance`)');

export const staffConfig = z.strictObject({
  id,
  name: z.string().min(1),
  /** Other spellings of the name that count as naming this person. @example ['Anna L.'] */
  aliases: z.array(z.string().min(1)).default([]),
  /** Accounts per platform: X and Bluesky handles, Mastodon `user@instance`, or account ids. @example { x: [annalind], mastodon: [anna@social.example] } */
  accounts: z.record(z.string(), z.array(handle)).default({}),
  /** Blog or feed URLs this person writes: rss mentions from them count as authored by this person. */
  blogs: z.array(z.url()).default([]),
  email: z.email().optional(),
});

/** Normal form of a handle for comparison: lower case, no leading @. */
export const normalHandle = (h: string) => h.trim().replace(/^@/, '').toLowerCase();
/** Normal form of a blog URL for prefix matching: no scheme, no www., no trailing slash, lower case. */
export const normalBlog = (u: string) => u.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');

/** The roster: an account or blog belongs to one person only, or attribution would be a guess. */
export const staffRoster = z.array(staffConfig).superRefine((staff, ctx) => {
  const owner = new Map<string, { id: string; i: number }>();
  staff.forEach((person, i) => {
    for (const [platform, handles] of Object.entries(person.accounts)) {
      if (!/^[a-z0-9_-]+$/.test(platform)) {
        ctx.addIssue({ code: 'custom', path: [i, 'accounts', platform], message: 'expected a platform name in lower case (x, mastodon, bluesky, ...)', input: platform });
      }
      handles.forEach((h, j) => {
        const key = `${platform}:${normalHandle(h)}`;
        const other = owner.get(key);
        if (other && other.id !== person.id) {
          ctx.addIssue({ code: 'custom', path: [i, 'accounts', platform, j], message: `account \`${key}\` also belongs to \`${other.id}\` (staff[${other.i}]); an account has one owner`, input: h });
        }
        owner.set(key, { id: person.id, i });
      });
    }
    person.blogs.forEach((b, j) => {
      const key = `blog:${normalBlog(b)}`;
      const other = owner.get(key);
      if (other && other.id !== person.id) {
        ctx.addIssue({ code: 'custom', path: [i, 'blogs', j], message: `blog also belongs to \`${other.id}\` (staff[${other.i}]); a blog has one owner`, input: b });
      }
      owner.set(key, { id: person.id, i });
    });
  });
});

export const enrichConfig = z.strictObject({
  /**
   * Worker threads that enrich pages in parallel with reading and indexing (docs/enrichment.md).
   * `auto`: one per CPU core beyond two (the pipeline's main thread, and Elasticsearch or the
   * rest of the machine; none on one or two cores); `0`: enrich in the main thread. Results are
   * the same either way. @default auto @example 3
   */
  threads: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
  /**
   * When to run language detection: `always` (the platform's language is only a hint), or
   * `missing` (trust a configured language the platform gives; detect the rest), which skips
   * the costliest step for X, Mastodon and Bluesky posts that carry a language. @default always
   */
  detectLanguage: z.enum(['always', 'missing']).default('always'),
  sentiment: z
    .strictObject({
      /** Score at or above which a mention is `positive`. @default 2 */
      positiveFrom: z.number().default(2),
      /** Score at or below which a mention is `negative`. @default -2 */
      negativeFrom: z.number().default(-2),
      /** How many words after a negation (inte, aldrig, not, never, ...) have their score flipped. @default 3 */
      negationWords: z.number().int().min(0).max(10).default(3),
      /** Extra or overriding word scores (-5..5), e.g. domain words. @example { kass: -3, klockren: 3 } */
      words: z.record(z.string().min(1), z.number().min(-5).max(5)).default({}),
    })
    .default({ positiveFrom: 2, negativeFrom: -2, negationWords: 3, words: {} }),
  /** Optional trained topic classifier, added to the rule-based topics. */
  classifier: z
    .strictObject({
      /** JSONL of labelled examples `{"text": "...", "topics": ["kundservice"]}`, relative to the config file. @example ./topics-train.jsonl */
      file: z.string().min(1),
      /** natural's `bayes` (naive Bayes) or `logistic` (logistic regression). @default bayes */
      kind: z.enum(['bayes', 'logistic']).default('bayes'),
      /** Minimum share of the probability mass for the top label to be assigned (prior-only guesses sit near 1/labels). @default 0.45 */
      minConfidence: z.number().min(0).max(1).default(0.45),
      /** Every n-th example is held out for the evaluation printed at training. @default 5 */
      holdoutEvery: z.number().int().min(2).default(5),
    })
    .optional(),
  /** Who counts as an advocate ("eldsjäl") or a detractor in `rykte authors`. */
  advocates: z
    .strictObject({
      /** Minimum positive (negative, for detractors) brand mentions. @default 3 */
      minMentions: z.number().int().min(1).default(3),
      /** Mean sentiment score above which (below minus which, for detractors) an author qualifies. @default 1 */
      minMeanScore: z.number().min(0).default(1),
    })
    .default({ minMentions: 3, minMeanScore: 1 }),
});

export type BrandConfig = z.infer<typeof brandConfig>;
export type TopicConfig = z.infer<typeof topicConfig>;
export type StaffConfig = z.infer<typeof staffConfig>;
export type EnrichConfig = z.infer<typeof enrichConfig>;

import { z } from 'zod';

/**
 * Config sections the enrich stage reads: brands (with products), topics and the staff roster.
 * Queries use the brand query language (README: "Query language").
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, `_` or `-`');

export const productConfig = z.strictObject({
  id,
  name: z.string().min(1),
  /** Boolean query that finds the product. @example '"Vind 3" OR #vind3' */
  query: z.string().min(1),
});

export const brandConfig = z.strictObject({
  id,
  name: z.string().min(1),
  /** Boolean query that finds the brand. @example 'fjällvind OR #fjallvind OR @fjallvind' */
  query: z.string().min(1),
  products: z.array(productConfig).default([]),
});

export const topicConfig = z.strictObject({
  id,
  name: z.string().optional(),
  query: z.string().min(1),
});

export const staffConfig = z.strictObject({
  id,
  name: z.string().min(1),
  /** Other spellings of the name that count as naming this person. */
  aliases: z.array(z.string()).default([]),
  /** Accounts per platform: X and Bluesky handles, Mastodon `user@instance`. @example { x: [annalind] } */
  accounts: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Blog or feed URLs this person writes. */
  blogs: z.array(z.url()).default([]),
  email: z.email().optional(),
});

export type BrandConfig = z.infer<typeof brandConfig>;
export type TopicConfig = z.infer<typeof topicConfig>;
export type StaffConfig = z.infer<typeof staffConfig>;

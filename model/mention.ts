/**
 * The Mention: the one record every stage passes along. Collectors fill the raw part,
 * enrich steps fill `enrichment`, index/ stores it as is (mapping: index/templates/v1/mentions.json).
 * The README's "Mention model" section documents the same fields for users.
 */

/** A pointer to another post on the same platform (the parent of a reply, quote or repost). */
export interface PostRef {
  /** The parent's native id on its platform. */
  id: string;
  /** The parent's author id, when the platform tells it. */
  authorId?: string;
  /** The parent's author handle (without @), when known. */
  authorHandle?: string;
}

export interface Author {
  /** Stable account id on the platform (X user id, Mastodon account id, DID, feed URL). */
  id?: string;
  /** Handle without the leading @ (X screen name, `user@instance`, Bluesky handle). */
  handle?: string;
  /** Display name. */
  name?: string;
  /** Followers at collection time: the basis of reach. */
  followers?: number;
  /** Profile or blog URL. */
  url?: string;
}

export interface References {
  replyTo?: PostRef;
  quoteOf?: PostRef;
  repostOf?: PostRef;
  /** Outbound links as found (canonicalised by enrichment into `enrichment.links`). */
  links?: string[];
  /** Accounts the post mentions (handles without @), as the platform reports them. */
  mentions?: string[];
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/** Staff relations: person ids from the roster, one list per relation. */
export interface StaffRelations {
  /** The mention was written by these staff members. */
  authoredBy?: string[];
  /** It names these staff members (@handle or display name). */
  mentions?: string[];
  /** It replies to a post by these staff members. */
  repliesTo?: string[];
  /** It quotes a post by these staff members. */
  quotes?: string[];
  /** It reposts a post by these staff members. */
  reposts?: string[];
  /** These staff members reposted or quoted someone else's post (this mention is their amplification). */
  amplifiedBy?: string[];
  /** Union of all of the above: "does this touch anyone on staff". */
  people?: string[];
}

export interface StoryPlace {
  /** The story this mention belongs to. */
  id: string;
  /** Doc id of the mention this one spread from (absent for a root). */
  parentId?: string;
  /** How the parent was found: explicit reference, shared link, near-duplicate text. */
  parentVia?: 'reply' | 'quote' | 'repost' | 'link' | 'text';
  /** True when the parent was inferred rather than stated by the platform. */
  inferred?: boolean;
  /** Hops from the root of its cascade tree. */
  depth?: number;
}

export interface Enrichment {
  brands?: string[];
  products?: string[];
  topics?: string[];
  staff?: StaffRelations;
  sentiment?: { score: number; label: SentimentLabel };
  /** Language confidence 0..1 from detection (the language itself is `Mention.language`). */
  languageConfidence?: number;
  /** Canonical links: lower-case host, no fragment, no utm_*, sorted query. */
  links?: string[];
  hashtags?: string[];
  story?: StoryPlace;
}

export interface Mention {
  /** Document id: `${platform}:${nativeId}`; the same post always gets the same id. */
  id: string;
  /** Network the post lives on: `x`, `rss`, `mastodon`, `bluesky`, or another tool's name for imports. */
  platform: string;
  /** Name of the configured source that collected it. */
  source: string;
  /** The post's id on its platform (tweet id, GUID, status id, AT URI). */
  nativeId: string;
  url?: string;
  author: Author;
  title?: string;
  text: string;
  /** ISO 639-1 code, from the platform or from detection. */
  language?: string;
  /** ISO 8601, when the post was published. */
  publishedAt: string;
  /** ISO 8601, when rykte collected it. */
  collectedAt: string;
  references: References;
  enrichment: Enrichment;
}

/** Deterministic document id: re-ingesting a post overwrites, never duplicates. */
export function mentionId(platform: string, nativeId: string): string {
  return `${platform}:${nativeId}`;
}

import { mentionId, type Mention, type StaffRelations, type StoryPlace } from '../../model/mention.ts';
import { canonicalLink } from '../extract-entities.ts';
import type { StoriesConfig } from './config.ts';
import { contentWords, wordHashes } from './text.ts';

export type Via = NonNullable<StoryPlace['parentVia']>;

/** What the tracker keeps of a mention: its facts for metrics and its place in a cascade. */
export interface StoryNode {
  id: string;
  platform: string;
  source: string;
  time: number;
  /** The mention's `publishedAt` where it is not the ISO form of `time` (see `publishedAt`). */
  published?: string;
  url?: string;
  authorKey: string;
  authorHandle?: string;
  followers: number;
  excerpt: string;
  brands: readonly string[];
  topics: readonly string[];
  staff: Readonly<StaffRelations>;
  sentiment?: string;
  sentimentScore: number;
  /** The stated reference (reply > quote > repost) as a doc id, and its kind. */
  ref?: string;
  refVia?: Via;
  /** Canonical links it shares (its own URL excluded). */
  links: readonly string[];
  /** Canonical form of the post's own URL: shares of it point here. */
  article?: string;
  /** Hashes of its stemmed content words, for posts without a stated parent and with enough words. */
  words?: Uint32Array;
  /** Band keys of `words` (lsh.ts), computed once. */
  bands?: Int32Array;
  /** One bit of 60 per word of `words`, in two halves (lsh.ts), computed with the band keys. */
  sketch?: number;
  sketch2?: number;
  parentId?: string;
  via?: Via;
  inferred: boolean;
  story: string;
  depth: number;
}

/** What a node keeps of `publishedAt` (collectors write the ISO form; anything else is kept as is). */
export const publishedAt = (n: StoryNode): string => n.published ?? new Date(n.time).toISOString();

const none: readonly never[] = Object.freeze([]);
const noStaff: Readonly<StaffRelations> = Object.freeze({});
/**
 * Values many mentions share, one copy each (brand, topic and link lists, staff relations): a
 * tracker holds hundreds of thousands of nodes, and most of them carry the same few. The
 * table stops growing at 10,000 distinct values; later ones are simply kept as they come.
 */
const common = new Map<string, unknown>();
function shared<T>(value: T): T {
  const key = JSON.stringify(value);
  const known = common.get(key);
  if (known !== undefined) return known as T;
  if (common.size < 10_000) common.set(key, value);
  return value;
}
/** Author ids and handles, one copy each: a brand's authors post again and again. */
const authors = new Map<string, string>();
function author(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const known = authors.get(value);
  if (known !== undefined) return known;
  if (authors.size < 100_000) authors.set(value, value);
  return value;
}

export const placeOf = (n: StoryNode): StoryPlace => ({
  id: n.story,
  ...(n.parentId ? { parentId: n.parentId, parentVia: n.via, inferred: n.inferred } : {}),
  depth: n.depth,
});

export const placeKey = (p: StoryPlace | undefined) =>
  p ? `${p.id}|${p.parentId ?? ''}|${p.parentVia ?? ''}|${p.inferred ?? false}|${p.depth ?? 0}` : '';

/** What decides which evidence a node carries (`stories:` config). */
export type NodeOptions = Pick<StoriesConfig, 'minTextWords' | 'groupByText' | 'groupByLinks'>;

/**
 * A mention's node, not yet placed. A post referring to itself counts as having no reference.
 * With a grouping switched off, the node simply carries no links or no words: the parent rules
 * then never see that evidence. Without `fingerprint`, no words either (a text too old to be
 * compared, lsh.ts `prune`).
 */
export function toNode(m: Mention, options: NodeOptions, fingerprint = true): StoryNode {
  const refs = m.references ?? {};
  const ref = refs.replyTo
    ? { r: refs.replyTo, via: 'reply' as const }
    : refs.quoteOf
      ? { r: refs.quoteOf, via: 'quote' as const }
      : refs.repostOf
        ? { r: refs.repostOf, via: 'repost' as const }
        : undefined;
  const refId = ref && mentionId(m.platform, ref.r.id);
  const article = m.url && options.groupByLinks ? canonicalLink(m.url) : undefined;
  const time = Date.parse(m.publishedAt);
  const links = options.groupByLinks ? (m.enrichment?.links ?? []).filter((l) => l !== article) : none;
  // Replies, quotes and reposts already have their parent: comparing their text would cost
  // time and change nothing, so only posts without a stated parent are fingerprinted.
  const words = ref || !options.groupByText || !fingerprint ? [] : contentWords(`${m.title ?? ''} ${m.text ?? ''}`, m.language);
  const n: StoryNode = {
    id: m.id,
    platform: m.platform,
    source: m.source,
    time,
    published: new Date(time).toISOString() === m.publishedAt ? undefined : m.publishedAt,
    // Most posts' URLs are already canonical: one string for both.
    url: article === m.url ? article : m.url,
    authorKey: author(m.author?.id ?? m.author?.handle ?? m.author?.name) ?? m.id,
    authorHandle: author(m.author?.handle),
    followers: 0,
    excerpt: '',
    brands: none,
    topics: none,
    staff: noStaff,
    sentiment: undefined,
    sentimentScore: 0,
    ref: refId !== m.id ? refId : undefined,
    refVia: refId !== m.id ? ref?.via : undefined,
    links: links.length ? shared(links) : none,
    article,
    words: words.length >= options.minTextWords ? wordHashes(words) : undefined,
    bands: undefined,
    parentId: undefined,
    via: undefined,
    inferred: false,
    story: '',
    depth: 0,
  };
  refreshNode(n, m);
  return n;
}

/** Facts that may change when a post is collected again (followers, enrichment). */
export function refreshNode(n: StoryNode, m: Mention): void {
  const e = m.enrichment ?? {};
  n.followers = m.author?.followers ?? n.followers;
  n.excerpt = (m.title || m.text || '').slice(0, 200);
  n.brands = e.brands ? shared(e.brands) : n.brands;
  n.topics = e.topics ? shared(e.topics) : n.topics;
  n.staff = e.staff ? shared(e.staff) : n.staff;
  if (e.sentiment) (n.sentiment = e.sentiment.label), (n.sentimentScore = e.sentiment.score);
}

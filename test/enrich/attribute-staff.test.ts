import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../enrich/analyze.ts';
import { attributeStaff, blogSite } from '../../enrich/attribute-staff.ts';
import { staffRoster } from '../../enrich/config.ts';
import { extractEntities } from '../../enrich/extract-entities.ts';
import { importLine, toMention } from '../../ingest/import-line.ts';
import type { Mention } from '../../model/mention.ts';
import { mention } from '../helpers/mentions.ts';

const roster = staffRoster.parse([
  { id: 'anna', name: 'Anna Lindqvist', aliases: ['Anna L'], accounts: { x: ['@AnnaLindqvist', '4711'], mastodon: ['anna@mastodon.nu'] }, blogs: ['https://annalindqvist.se/blogg/'] },
  { id: 'erik', name: 'Erik Johansson', accounts: { x: ['erikjo_pr'], bluesky: ['erikjo.bsky.social'] } },
]);
const attribute = attributeStaff(roster, createAnalyzer());
const staff = (overrides: Partial<Mention>) => attribute(extractEntities(mention({ text: 'hej', ...overrides }))).enrichment.staff;

describe('staff attribution', () => {
  it('attributes a post to its staff author by handle (any case, with or without @) or account id', () => {
    expect(staff({ author: { handle: 'annalindqvist' } })).toEqual({ authoredBy: ['anna'], people: ['anna'] });
    expect(staff({ author: { id: '4711', handle: 'renamed' } })).toEqual({ authoredBy: ['anna'], people: ['anna'] });
  });

  it('only matches an account on its own platform', () => {
    expect(staff({ platform: 'bluesky', author: { handle: 'annalindqvist' } })).toBeUndefined();
    expect(staff({ platform: 'bluesky', author: { handle: 'erikjo.bsky.social' } })).toEqual({ authoredBy: ['erik'], people: ['erik'] });
  });

  it('attributes rss posts from a staff blog by author URL, feed id or post URL', () => {
    expect(staff({ platform: 'rss', author: { url: 'https://www.annalindqvist.se/blogg' } })).toEqual({ authoredBy: ['anna'], people: ['anna'] });
    expect(staff({ platform: 'rss', author: { name: 'Anna' }, url: 'http://annalindqvist.se/blogg/2026/pfas' })).toEqual({ authoredBy: ['anna'], people: ['anna'] });
    expect(staff({ platform: 'rss', author: { url: 'https://annalindqvist.se/bloggen' } })).toBeUndefined();
  });

  it('attributes a post on a staff blog\'s site whichever collector brought it', () => {
    const blogs = staffRoster.parse([
      { id: 'johan', name: 'Johan Berg', blogs: ['https://johanberg.design/feed/'] },
      { id: 'lena', name: 'Lena Ek', blogs: ['https://www.example.org/blogs/lena/rss.xml'] },
    ]);
    const byBlog = attributeStaff(blogs, createAnalyzer());
    const author = (m: Partial<Mention>) => byBlog(mention({ text: 'Nytt inlägg', ...m })).enrichment.staff?.authoredBy;
    // Host-level blog configured by its feed URL: any post on the host.
    expect(author({ platform: 'rss', source: 'news', url: 'https://johanberg.design/2026/11/vinterjackan' })).toEqual(['johan']);
    // The same post from an import or another collector, not through the blog's feed.
    expect(author({ platform: 'import', source: 'archive', url: 'https://www.johanberg.design/2026/11/vinterjackan?utm_source=x' })).toEqual(['johan']);
    expect(author({ platform: 'web', url: 'http://johanberg.design/?p=812' })).toEqual(['johan']);
    // A blog under a path: only posts under that path.
    expect(author({ platform: 'import', url: 'https://example.org/blogs/lena/2026/pfas' })).toEqual(['lena']);
    expect(author({ platform: 'import', url: 'https://example.org/blogs/lenart/2026/pfas' })).toBeUndefined();
    expect(author({ platform: 'import', url: 'https://example.org/news/2026/pfas' })).toBeUndefined();
    // A line of an import file, as the import collector reads it.
    const line = importLine.parse({ platform: 'wordpress', id: '812', url: 'https://johanberg.design/2026/11/vinterjackan', publishedAt: '2026-11-20T09:00:00Z', text: 'Vinterjackan' });
    expect(byBlog(toMention(line, 'archive', '2026-11-30T00:00:00.000Z')).enrichment.staff).toEqual({ authoredBy: ['johan'], people: ['johan'] });
    // A link to the blog in someone else's post is not authorship.
    expect(author({ platform: 'x', url: 'https://x.com/eva/status/1', references: { links: ['https://johanberg.design/2026/11/vinterjackan'] } })).toBeUndefined();
  });

  it('reads a blog\'s site from its feed URL', () => {
    expect(blogSite('https://annalindqvist.se/blogg/feed')).toBe('annalindqvist.se/blogg');
    expect(blogSite('https://anna.example/feed/atom/')).toBe('anna.example');
    expect(blogSite('https://anna.example/?feed=rss2')).toBe('anna.example');
    expect(blogSite('https://annasblogg.blogspot.com/feeds/posts/default')).toBe('annasblogg.blogspot.com');
    expect(blogSite('https://medium.com/feed/@annalind')).toBe('medium.com/@annalind');
    expect(blogSite('https://www.example.org/blogs/lena/rss.xml')).toBe('example.org/blogs/lena');
    expect(blogSite('https://annalindqvist.se/blogg/')).toBe('annalindqvist.se/blogg');
  });

  it('finds staff mentioned by @handle, by platform mention list, by name and by alias', () => {
    expect(staff({ text: 'fråga @erikjo_pr' })).toEqual({ mentions: ['erik'], people: ['erik'] });
    expect(staff({ references: { mentions: ['ErikJo_PR'] } })).toEqual({ mentions: ['erik'], people: ['erik'] });
    expect(staff({ platform: 'mastodon', text: 'frågade @anna@mastodon.nu' })).toEqual({ mentions: ['anna'], people: ['anna'] });
    expect(staff({ text: 'Intervju med ANNA LINDQVIST och Erik Johansson' })).toEqual({ mentions: ['anna', 'erik'], people: ['anna', 'erik'] });
    expect(staff({ text: 'Anna L borde svara' })).toEqual({ mentions: ['anna'], people: ['anna'] });
    expect(staff({ text: 'Anna Lindgren vann' })).toBeUndefined();
    expect(staff({ text: 'Erik Johanssons bageri' })).toBeUndefined();
  });

  it('records replies to, quotes of and reposts of staff posts by parent author handle or id', () => {
    expect(staff({ references: { replyTo: { id: '1', authorHandle: 'erikjo_pr' } } })).toEqual({ repliesTo: ['erik'], people: ['erik'] });
    expect(staff({ references: { quoteOf: { id: '1', authorId: '4711' } } })).toEqual({ quotes: ['anna'], people: ['anna'] });
    expect(staff({ references: { repostOf: { id: '1', authorHandle: 'annalindqvist' } } })).toEqual({ reposts: ['anna'], people: ['anna'] });
    expect(staff({ references: { replyTo: { id: '1' } } })).toBeUndefined();
  });

  it('marks staff amplifying someone else: a staff repost or quote of another account', () => {
    expect(staff({ author: { handle: 'erikjo_pr' }, references: { repostOf: { id: '1', authorHandle: 'kund' } } })).toEqual({
      authoredBy: ['erik'],
      amplifiedBy: ['erik'],
      people: ['erik'],
    });
    expect(staff({ author: { handle: 'erikjo_pr' }, references: { quoteOf: { id: '1', authorHandle: 'annalindqvist' } } })).toEqual({
      authoredBy: ['erik'],
      quotes: ['anna'],
      amplifiedBy: ['erik'],
      people: ['anna', 'erik'],
    });
  });

  it('counts a staff repost of a post whose author is unknown as amplification', () => {
    expect(staff({ author: { handle: 'erikjo_pr' }, references: { repostOf: { id: '1' } } })).toEqual({ authoredBy: ['erik'], amplifiedBy: ['erik'], people: ['erik'] });
  });

  it('does not count staff reposting their own post, or replying, as amplification', () => {
    expect(staff({ author: { handle: 'erikjo_pr' }, references: { repostOf: { id: '1', authorHandle: 'erikjo_pr' } } })).toEqual({
      authoredBy: ['erik'],
      reposts: ['erik'],
      people: ['erik'],
    });
    expect(staff({ author: { handle: 'erikjo_pr' }, references: { replyTo: { id: '1', authorHandle: 'kund' } } })).toEqual({ authoredBy: ['erik'], people: ['erik'] });
  });

  it('leaves mentions that touch no one without a staff field', () => {
    expect(staff({ author: { handle: 'kund' }, text: 'Fjällvind gör bra jackor' })).toBeUndefined();
  });
});

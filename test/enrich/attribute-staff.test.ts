import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../enrich/analyze.ts';
import { attributeStaff } from '../../enrich/attribute-staff.ts';
import { staffRoster } from '../../enrich/config.ts';
import { extractEntities } from '../../enrich/extract-entities.ts';
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

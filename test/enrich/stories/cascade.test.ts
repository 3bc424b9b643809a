import { describe, expect, it } from 'vitest';
import { chooseParent, type Lookups } from '../../../enrich/stories/cascade.ts';
import { storiesConfig } from '../../../enrich/stories/config.ts';
import { toNode } from '../../../enrich/stories/node.ts';
import { mention } from '../../helpers/mentions.ts';

const options = storiesConfig.parse({});
const none: Lookups = { article: () => undefined, firstSharer: () => undefined, earlierDuplicate: () => undefined, isBelow: () => false };
const shared = (overrides = {}) => toNode(mention({ nativeId: 'n', enrichment: { links: ['https://a.example/1', 'https://b.example/2'] }, ...overrides }), options);

describe('chooseParent', () => {
  it('prefers a stated reply over a quote and a repost, and over any link', () => {
    const n = toNode(mention({ nativeId: 'n', references: { replyTo: { id: 'r' }, quoteOf: { id: 'q' }, repostOf: { id: 'p' } }, enrichment: { links: ['https://a.example/1'] } }), options);
    expect(chooseParent(n, { ...none, article: () => 'rss:a' })).toEqual({ parentId: 'x:r', via: 'reply', inferred: false });
  });

  it('credits a repost to the reposted post', () => {
    const n = toNode(mention({ nativeId: 'n', references: { repostOf: { id: 'orig' } } }), options);
    expect(chooseParent(n, none)).toEqual({ parentId: 'x:orig', via: 'repost', inferred: false });
  });

  it('picks the source article of any shared link before the earliest sharer, and the sharer before a near-duplicate', () => {
    const n = shared();
    const look: Lookups = { ...none, article: (l) => (l === 'https://b.example/2' ? 'rss:b' : undefined), firstSharer: () => 'x:first', earlierDuplicate: () => 'x:dup' };
    expect(chooseParent(n, look)).toEqual({ parentId: 'rss:b', via: 'link', inferred: true });
    expect(chooseParent(n, { ...look, article: () => undefined })).toEqual({ parentId: 'x:first', via: 'link', inferred: true });
    expect(chooseParent(n, { ...look, article: () => undefined, firstSharer: () => 'x:n' })).toEqual({ parentId: 'x:dup', via: 'text', inferred: true });
  });

  it('never infers an edge that would close a cycle, and ignores a post referring to itself', () => {
    expect(chooseParent(shared(), { ...none, firstSharer: () => 'x:child', isBelow: () => true })).toEqual({ inferred: false });
    expect(chooseParent(toNode(mention({ nativeId: 'self', references: { replyTo: { id: 'self' } } }), options), none)).toEqual({ inferred: false });
  });
});

import { describe, expect, it } from 'vitest';
import { storiesConfig } from '../../../enrich/stories/config.ts';
import { buildStory } from '../../../enrich/stories/story.ts';
import { StoryTracker } from '../../../enrich/stories/tracker.ts';
import type { Mention } from '../../../model/mention.ts';
import { binary, cascade, chain, prng, shuffle, star } from '../../helpers/cascades.ts';
import { mention } from '../../helpers/mentions.ts';

const config = storiesConfig.parse({});
const now = new Date('2026-11-21T00:00:00Z');
const tracked = (mentions: Mention[], pageSize = mentions.length) => {
  const t = new StoryTracker(config);
  for (let i = 0; i < mentions.length; i += pageSize) t.add(mentions.slice(i, i + pageSize));
  return t;
};
const story = (t: StoryTracker, id: string) => buildStory(t, id, { velocityWindowSecs: 3600, now })!;
const shape = (t: StoryTracker, id: string) => {
  const s = story(t, id);
  return { size: s.size, depth: s.depth, maxBreadth: s.maxBreadth, trees: s.trees, virality: s.virality };
};

describe('StoryTracker: reply trees', () => {
  it('measures a star, a chain and a balanced binary tree exactly', () => {
    const t = tracked([...cascade(star('s', 10)), ...cascade(chain('c', 6)), ...cascade(binary('b', 3))]);
    expect(shape(t, 'x:s')).toEqual({ size: 10, depth: 1, maxBreadth: 9, trees: 1, virality: 1.8 });
    expect(shape(t, 'x:c')).toEqual({ size: 6, depth: 5, maxBreadth: 1, trees: 1, virality: 7 / 3 });
    // 15 nodes: 8 leaf edges 1·14, 4 edges 3·12, 2 edges 7·8 → W = 112 + 144 + 112 = 368.
    expect(shape(t, 'x:b')).toEqual({ size: 15, depth: 3, maxBreadth: 8, trees: 1, virality: (2 * 368) / (15 * 14) });
  });

  it('places every reply under its parent with its depth', () => {
    const t = tracked(cascade(chain('c', 3)));
    expect(t.place('x:c')).toEqual({ id: 'x:c', depth: 0 });
    expect(t.place('x:c-2')).toEqual({ id: 'x:c', parentId: 'x:c-1', parentVia: 'reply', inferred: false, depth: 2 });
  });

  it('credits every repost to the original, never to another repost', () => {
    const t = tracked(cascade(star('o', 5), { via: 'repostOf' }));
    expect(t.place('x:o-4')).toEqual({ id: 'x:o', parentId: 'x:o', parentVia: 'repost', inferred: false, depth: 1 });
    expect(shape(t, 'x:o')).toEqual({ size: 5, depth: 1, maxBreadth: 4, trees: 1, virality: 1.6 });
  });
});

describe('StoryTracker: messy data', () => {
  it('makes replies to a post it never saw roots of their own trees in one story named after the missing post', () => {
    const t = tracked([...cascade(star('a', 3), { start: '2026-11-20T11:00:00Z' }), ...cascade(chain('b', 4))].map((m) =>
      m.nativeId === 'a' || m.nativeId === 'b' ? { ...m, references: { replyTo: { id: 'gone' } } } : m,
    ));
    const s = story(t, 'x:gone');
    expect({ size: s.size, trees: s.trees, depth: s.depth, maxBreadth: s.maxBreadth, virality: s.virality }).toEqual({ size: 7, trees: 2, depth: 3, maxBreadth: 3, virality: 5 / 3 });
    expect(s.viralityPerTree.map((x) => [x.root, x.size, x.virality])).toEqual([['x:b', 4, 5 / 3], ['x:a', 3, 4 / 3]]);
    expect({ orphans: s.orphans, missingParents: s.missingParents }).toEqual({ orphans: 2, missingParents: ['x:gone'] });
    expect(t.place('x:a')).toEqual({ id: 'x:gone', parentId: 'x:gone', parentVia: 'reply', inferred: false, depth: 0 });
  });

  it('re-attaches orphans when their parent arrives and reports the older mentions that moved', () => {
    const all = cascade(chain('c', 4));
    const t = new StoryTracker(config);
    t.add([all[2]!, all[3]!]);
    expect(t.place('x:c-3')).toMatchObject({ id: 'x:c-1', depth: 1 });
    const late = t.add([all[0]!, all[1]!]);
    expect(late.changed.map((n) => n.id).sort()).toEqual(['x:c-2', 'x:c-3']);
    expect(late.removed).toEqual(['x:c-1']);
    expect([...late.touched]).toEqual(['x:c']);
    expect(t.place('x:c-3')).toMatchObject({ id: 'x:c', depth: 3 });
  });

  it('counts a duplicate once and keeps its place', () => {
    const all = cascade(star('d', 3));
    const t = tracked([...all, all[1]!, { ...all[0]!, author: { ...all[0]!.author, followers: 5000 } }]);
    expect(story(t, 'x:d')).toMatchObject({ size: 3, uniqueAuthors: 3, reach: 5200 });
  });

  it('places a post that comes twice in one page once, and touches only its story', () => {
    const [root, reply] = cascade(chain('w', 2));
    const t = new StoryTracker(storiesConfig.parse({}));
    // The repeat of the reply comes before its parent is placed: it has no story yet.
    const result = t.add([reply!, reply!, root!]);
    expect([...result.touched]).toEqual(['x:w']);
    expect(result.removed).toEqual([]);
    expect(t.place(reply!.id)).toEqual({ id: 'x:w', parentId: 'x:w', parentVia: 'reply', inferred: false, depth: 1 });
  });

  it('keeps a stated reply even when it is time-stamped before its parent, and counts it as skewed', () => {
    const [root, reply] = cascade(chain('k', 2));
    // A time stamp not in the ISO form collectors write is kept as it came.
    const t = tracked([root!, { ...reply!, publishedAt: '2026-11-20T09:00:00Z' }]);
    expect(t.place('x:k-1')).toMatchObject({ id: 'x:k', parentId: 'x:k', inferred: false });
    expect(story(t, 'x:k')).toMatchObject({ size: 2, skewed: 1, firstSeen: '2026-11-20T09:00:00Z', lastSeen: root!.publishedAt, origin: { mentionId: 'x:k-1' } });
  });

  it('never loops on references that form a cycle', () => {
    const a = mention({ nativeId: 'ca', references: { replyTo: { id: 'cb' } } });
    const b = mention({ nativeId: 'cb', references: { replyTo: { id: 'ca' } }, publishedAt: '2026-11-20T10:01:00Z' });
    const t = tracked([a, b]);
    const s = story(t, t.place('x:ca')!.id);
    expect({ size: s.size, trees: s.trees, depth: s.depth }).toEqual({ size: 2, trees: 1, depth: 1 });
  });
});

describe('StoryTracker: shared links', () => {
  const post = (id: string, minute: number, extra: Partial<Mention> = {}) =>
    mention({ nativeId: id, text: `läs detta ${id}`, author: { id: `a${id}`, handle: id, followers: 1 }, publishedAt: new Date(Date.parse('2026-11-20T10:00:00Z') + minute * 60_000).toISOString(), enrichment: { links: ['https://blogg.se/inlagg'] }, ...extra });
  const article = mention({ platform: 'rss', nativeId: 'blog1', url: 'https://www.Blogg.se/inlagg/?utm_source=x', text: 'Mitt inlägg', publishedAt: '2026-11-20T09:00:00Z', enrichment: { links: [] } });

  it('attaches every share to the source article, marked inferred', () => {
    const t = tracked([article, post('l1', 1), post('l2', 2)]);
    expect(t.place('x:l2')).toEqual({ id: 'rss:blog1', parentId: 'rss:blog1', parentVia: 'link', inferred: true, depth: 1 });
    expect(story(t, 'rss:blog1')).toMatchObject({ size: 3, maxBreadth: 2, inferred: 2, title: 'Mitt inlägg' });
  });

  it('without the article, attaches later shares to the earliest sharer; the article re-parents them when it arrives', () => {
    const t = new StoryTracker(config);
    t.add([post('l2', 2), post('l1', 1), post('l3', 3)]);
    expect(t.place('x:l3')).toEqual({ id: 'x:l1', parentId: 'x:l1', parentVia: 'link', inferred: true, depth: 1 });
    expect(t.place('x:l1')).toEqual({ id: 'x:l1', depth: 0 });
    const late = t.add([article]);
    expect(late.removed).toEqual(['x:l1']);
    expect(late.changed.map((n) => n.id).sort()).toEqual(['x:l1', 'x:l2', 'x:l3']);
    expect(shape(t, 'rss:blog1')).toEqual(shape(tracked([article, post('l1', 1), post('l2', 2), post('l3', 3)]), 'rss:blog1'));
  });
});

describe('StoryTracker: grouping switches', () => {
  const at = (minute: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + minute * 60_000).toISOString();
  const article = mention({ platform: 'rss', nativeId: 'art', url: 'https://blogg.se/inlagg', text: 'Fjällvind flyttar produktionen till Kina enligt källor', publishedAt: at(0) });
  const share = (id: string, minute: number, extra: Partial<Mention> = {}) =>
    mention({ nativeId: id, text: `Fjällvind flyttar produktionen till Kina enligt källor ${id}`, author: { id }, publishedAt: at(minute), enrichment: { links: ['https://blogg.se/inlagg'] }, ...extra });
  const data = () => [article, share('s1', 1), share('s2', 2), share('r1', 3, { references: { replyTo: { id: 's1' } } })];
  const placed = (options: object) => {
    const t = new StoryTracker(storiesConfig.parse(options));
    t.add(data());
    return Object.fromEntries(data().map((m) => [m.id, t.place(m.id)]));
  };

  it('with `groupByLinks` off, groups the shares by their near-duplicate text instead of the link', () => {
    expect(placed({ groupByLinks: false })).toEqual({
      'rss:art': { id: 'rss:art', depth: 0 },
      'x:s1': { id: 'rss:art', parentId: 'rss:art', parentVia: 'text', inferred: true, depth: 1 },
      'x:s2': { id: 'rss:art', parentId: 'rss:art', parentVia: 'text', inferred: true, depth: 1 },
      'x:r1': { id: 'rss:art', parentId: 'x:s1', parentVia: 'reply', inferred: false, depth: 2 },
    });
  });

  it('with both switches off, only stated replies, quotes and reposts make a parent', () => {
    expect(placed({ groupByLinks: false, groupByText: false })).toEqual({
      'rss:art': { id: 'rss:art', depth: 0 },
      'x:s1': { id: 'x:s1', depth: 0 },
      'x:s2': { id: 'x:s2', depth: 0 },
      'x:r1': { id: 'x:s1', parentId: 'x:s1', parentVia: 'reply', inferred: false, depth: 1 },
    });
    expect(placed({})['x:s2']).toEqual({ id: 'rss:art', parentId: 'rss:art', parentVia: 'link', inferred: true, depth: 1 });
  });
});

describe('StoryTracker: arrival order', () => {
  const dataset = (): Mention[] => {
    const replies = cascade(binary('r', 3));
    const reposts = cascade(star('p', 12), { via: 'repostOf', start: '2026-11-20T12:00:00Z' });
    const quotes = cascade({ q: null, 'q-1': 'q', 'q-2': 'q-1', 'q-3': 'q' }, { via: 'quoteOf', start: '2026-11-20T13:00:00Z' });
    const orphans = cascade({ o1: 'lost', o2: 'lost', o3: 'o1' }, { start: '2026-11-20T14:00:00Z' });
    const shares = [0, 1, 2, 3].map((i) => mention({ nativeId: `s${i}`, text: `se här ${i}`, author: { id: `s${i}` }, publishedAt: `2026-11-20T15:0${i}:00.000Z`, enrichment: { links: ['https://news.example/a'] } }));
    const copies = [0, 1, 2].map((i) => mention({ nativeId: `t${i}`, text: `Fjällvind återkallar alla vinterjackor efter rapporter om brandrisk ${'!'.repeat(i)}`, author: { id: `t${i}` }, publishedAt: `2026-11-20T16:0${i}:00.000Z` }));
    const skewed = { ...cascade(chain('k', 2))[1]!, publishedAt: '2026-11-20T09:00:00.000Z' };
    return [...replies, ...reposts, ...quotes, ...orphans, ...shares, ...copies, cascade(chain('k', 2))[0]!, skewed];
  };
  const snapshot = (t: StoryTracker, mentions: Mention[]) => {
    const places = Object.fromEntries(mentions.map((m) => [m.id, t.place(m.id)]));
    const stories = [...new Set(Object.values(places).map((p) => p!.id))].sort().map((id) => story(t, id));
    return { places, stories };
  };

  it('gives the same places and metrics whatever order and page sizes the mentions arrive in', () => {
    const mentions = dataset();
    const ordered = snapshot(tracked(mentions), mentions);
    expect(ordered.stories.map((s) => [s.id, s.size, s.depth, s.trees])).toEqual([
      ['x:k', 2, 1, 1], ['x:lost', 3, 1, 2], ['x:p', 12, 1, 1], ['x:q', 4, 2, 1], ['x:r', 15, 3, 1], ['x:s0', 4, 1, 1], ['x:t0', 3, 1, 1],
    ]);
    const random = prng(42);
    for (let run = 0; run < 8; run++) {
      const shuffled = shuffle(mentions, random);
      const pageSize = 1 + Math.floor(random() * 10);
      expect(snapshot(tracked(shuffled, pageSize), mentions)).toEqual(ordered);
    }
  });
});

describe('StoryTracker: staff and sentiment', () => {
  it('reports whether staff started, amplified, replied to or were named in a story, and the sentiment mix', () => {
    const [root, a, b, c] = cascade({ z: null, 'z-1': 'z', 'z-2': 'z', 'z-3': 'z-1' });
    const t = tracked([
      { ...root!, enrichment: { staff: { authoredBy: ['anna'], people: ['anna'] }, sentiment: { score: 0.8, label: 'positive' } } },
      { ...a!, enrichment: { staff: { mentions: ['bo'], people: ['bo'] }, sentiment: { score: -0.6, label: 'negative' } } },
      { ...b!, enrichment: { staff: { authoredBy: ['bo'], people: ['bo'] }, sentiment: { score: 0.1, label: 'neutral' } } },
      c!,
    ]);
    const s = story(t, 'x:z');
    expect(s.staff).toEqual({ started: true, amplified: false, replied: true, named: true, people: ['anna', 'bo'] });
    expect(s.sentiment.positive + s.sentiment.neutral + s.sentiment.negative).toBe(3);
    expect(s.sentiment).toMatchObject({ positive: 1, neutral: 1, negative: 1 });
    expect(s.sentiment.mean).toBeCloseTo(0.1, 12);
  });
});

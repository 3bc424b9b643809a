import { describe, expect, it } from 'vitest';
import { storiesConfig } from '../../../enrich/stories/config.ts';
import { TextIndex } from '../../../enrich/stories/lsh.ts';
import { wordHashes } from '../../../enrich/stories/text.ts';
import { StoryTracker } from '../../../enrich/stories/tracker.ts';
import type { Mention } from '../../../model/mention.ts';
import { mention } from '../../helpers/mentions.ts';

const texts = {
  sv1: ['Fjällvind återkallar alla vinterjackor efter rapporter om brandrisk i fodret', 'sv'],
  sv2: ['Rapporter om brandrisk i fodret: Fjällvind återkallar nu sina vinterjackor', 'sv'],
  sv3: ['Fjällvind återkallar vinterjackor – brandrisk i fodret enligt rapporter!!', 'sv'],
  en1: ['Fjällvind is recalling all winter jackets after reports of a fire risk in the lining', 'en'],
  en2: ['Reports of fire risk in the lining: Fjällvind recalls its winter jackets', 'en'],
  svOther: ['Fjällvind öppnar ny butik i Umeå på lördag med kaffe och tårta', 'sv'],
  svOther2: ['Kundtjänsten hos Fjällvind svarar aldrig på mejl, tredje veckan nu', 'sv'],
  enOther: ['Great winter jackets from Fjällvind, warm lining and no problems at all', 'en'],
  enOther2: ['Fjällvind opens a new store in Umeå on Saturday with coffee and cake', 'en'],
} as const;

const posts = (start = Date.parse('2026-11-20T10:00:00Z'), gapMs = 60_000) =>
  Object.entries(texts).map(([id, [text, language]], i) =>
    mention({ nativeId: id, text, language, author: { id }, publishedAt: new Date(start + i * gapMs).toISOString() }),
  );

describe('near-duplicate text', () => {
  it('groups Swedish paraphrases with each other and English ones with each other, and nothing unrelated', () => {
    const t = new StoryTracker(storiesConfig.parse({}));
    t.add(posts());
    const story = (id: string) => t.place(`x:${id}`)!.id;
    expect(['sv1', 'sv2', 'sv3'].map(story)).toEqual(['x:sv1', 'x:sv1', 'x:sv1']);
    expect(['en1', 'en2'].map(story)).toEqual(['x:en1', 'x:en1']);
    expect(['svOther', 'svOther2', 'enOther', 'enOther2'].map(story)).toEqual(['x:svOther', 'x:svOther2', 'x:enOther', 'x:enOther2']);
    expect(t.place('x:sv3')).toEqual({ id: 'x:sv1', parentId: 'x:sv1', parentVia: 'text', inferred: true, depth: 1 });
  });

  it('does not group near-duplicates published further apart than the text window', () => {
    const t = new StoryTracker(storiesConfig.parse({ textWindowSecs: 3600 }));
    t.add(posts(Date.parse('2026-11-20T10:00:00Z'), 2 * 3600_000));
    expect(t.place('x:sv2')).toEqual({ id: 'x:sv2', depth: 0 });
  });

  it('keeps apart posts that share only stop words and one claim word', () => {
    // Counted as content, `not` and `one` (stemmed `on`) made these 4 of 8 words alike: Jaccard 0.5.
    const t = new StoryTracker(storiesConfig.parse({}));
    t.add([
      mention({ nativeId: 'n1', language: 'en', text: 'Not one Fjällvind jacket was sold in Umeå' }),
      mention({ nativeId: 'n2', language: 'en', text: 'Not one Fjällvind tent was sold in Kiruna', publishedAt: '2026-11-20T10:01:00.000Z' }),
    ]);
    expect(t.place('x:n2')).toEqual({ id: 'x:n2', depth: 0 });
  });

  it('groups nothing by text when `groupByText` is off', () => {
    const t = new StoryTracker(storiesConfig.parse({ groupByText: false }));
    t.add(posts());
    expect(['sv1', 'sv2', 'sv3', 'en1', 'en2'].map((id) => t.place(`x:${id}`))).toEqual(['sv1', 'sv2', 'sv3', 'en1', 'en2'].map((id) => ({ id: `x:${id}`, depth: 0 })));
  });

  it('ignores texts too short to compare', () => {
    const t = new StoryTracker(storiesConfig.parse({}));
    t.add([mention({ nativeId: 'h1', text: 'Fjällvind jackor!' }), mention({ nativeId: 'h2', text: 'Fjällvind jackor!!' })]);
    expect(t.place('x:h2')).toEqual({ id: 'x:h2', depth: 0 });
  });
});

describe('the word sketch', () => {
  it('never rules out a near-duplicate whose words share sketch bits', () => {
    // 1, 31, 61 and 91 all set bit 1 of a 30-bit sketch: the two sketches have one bit in
    // common, yet the texts share 4 of 5 words (Jaccard 0.8).
    const index = new TextIndex(3600_000, 0.5);
    const at = Date.parse('2026-11-20T10:00:00Z');
    const original = { id: 'original', time: at, words: Uint32Array.of(1, 5, 31, 61, 91) };
    index.add(original);
    expect(index.earliestBefore({ id: 'copy', time: at + 1000, words: Uint32Array.of(1, 31, 61, 91) })?.id).toBe('original');
    expect(index.earliestBefore({ id: 'other', time: at + 1000, words: Uint32Array.of(1, 7, 8, 9) })).toBeUndefined();
    expect(index.laterNeighbours({ id: 'first', time: at - 1000, words: Uint32Array.of(1, 31, 61, 91) })).toEqual(['original']);
  });
});

describe('forgetting texts', () => {
  it('removes evicted entries from shared buckets at once and keeps the others findable', () => {
    const index = new TextIndex(3600_000, 0.5);
    const words = wordHashes(['fjällvind', 'återkall', 'vinterjack', 'brandrisk', 'fodr']);
    const at = Date.parse('2026-11-20T10:00:00Z');
    const entries = Array.from({ length: 6 }, (_, i) => ({ id: `e${i}`, time: at + i * 1000, words }));
    for (const e of entries) index.add(e);
    const probe = { id: 'probe', time: at + 10_000, words };
    expect(index.earliestBefore(probe)?.id).toBe('e0');
    index.remove([entries[0]!, entries[1]!, entries[3]!]);
    expect(index.earliestBefore(probe)?.id).toBe('e2');
    expect(index.laterNeighbours({ id: 'first', time: at - 1, words })).toEqual(['e2', 'e4', 'e5']);
    index.remove([entries[2]!, entries[4]!, entries[5]!]);
    expect(index.earliestBefore(probe)).toBeUndefined();
    expect(index.laterNeighbours({ id: 'first', time: at - 1, words })).toEqual([]);
  });

  it('cuts the texts before the horizon off the front of a bucket they share with later ones', () => {
    const index = new TextIndex(100_000, 0.5);
    const words = wordHashes(['fjällvind', 'återkall', 'vinterjack', 'brandrisk', 'fodr']);
    const at = Date.parse('2026-11-20T10:00:00Z');
    // 1,100 copies a second apart share every bucket; the newest is at 1,099 s, the horizon at 899 s.
    const entries = Array.from({ length: 1100 }, (_, i) => ({ id: `e${String(i).padStart(4, '0')}`, time: at + i * 1000, words }));
    for (const e of entries) index.add(e);
    expect(index.prune().map((e) => e.id)).toEqual(entries.slice(0, 899).map((e) => e.id));
    // A copy at 950 s looks back to 850 s: the earliest left is the first after the horizon.
    expect(index.earliestBefore({ id: 'probe', time: at + 950_000, words })?.id).toBe('e0899');
    index.add({ id: 'later', time: at + 1_100_000, words });
    expect(index.laterNeighbours({ id: 'late', time: at + 1_099_500, words })).toEqual(['later']);
  });

  it('forgets texts published more than two windows before the newest; they keep their places', () => {
    const t = new StoryTracker(storiesConfig.parse({ textWindowSecs: 3600 }));
    const at = Date.parse('2026-11-20T00:00:00Z');
    const post = (id: string, minute: number, text: string, more: Partial<Mention> = {}) =>
      mention({ nativeId: id, text, language: 'en', author: { id }, publishedAt: new Date(at + minute * 60_000).toISOString(), ...more });
    const link = { enrichment: { links: ['https://news.example/recall'] } };
    t.add([post('claim', 0, texts.en1[0]), post('copy', 1, texts.en2[0], link)]);
    // 1,100 unrelated posts, one a minute: the newest is at minute 1101, so minutes 0–980 are forgotten.
    const unique = (i: number) => ['a', 'b', 'c', 'd'].map((w) => `zq${i.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)))}${w}`).join(' ');
    t.add(Array.from({ length: 1100 }, (_, i) => post(`p${i}`, 2 + i, unique(i))));
    expect([t.node('x:claim')!.words, t.node('x:p978')!.words]).toEqual([undefined, undefined]);
    expect(t.node('x:p979')!.words).toHaveLength(4);
    expect(t.place('x:copy')).toEqual({ id: 'x:claim', parentId: 'x:claim', parentVia: 'text', inferred: true, depth: 1 });
    // A reply to the copy, time-stamped before it and sharing its link, makes the copy choose
    // again: the link would close a cycle, so the copy keeps the text it chose.
    t.add([post('skewed', 0.5, 'Really?', { ...link, references: { replyTo: { id: 'copy' } } })]);
    expect(t.place('x:copy')).toEqual({ id: 'x:claim', parentId: 'x:claim', parentVia: 'text', inferred: true, depth: 1 });
    // A copy arriving a day late no longer finds the claim; one within a window late finds its original.
    t.add([post('late', 2, texts.en2[0]), post('recent', 1055, unique(1048))]);
    expect(t.place('x:late')).toEqual({ id: 'x:late', depth: 0 });
    expect(t.place('x:recent')).toEqual({ id: 'x:p1048', parentId: 'x:p1048', parentVia: 'text', inferred: true, depth: 1 });
  });

  it('reloads a story older than two windows with the places it had, without fingerprinting its texts', () => {
    const t = new StoryTracker(storiesConfig.parse({ textWindowSecs: 3600 }));
    const at = Date.parse('2026-11-20T00:00:00Z');
    const post = (id: string, minute: number, text: string) =>
      mention({ nativeId: id, text, language: 'en', author: { id }, publishedAt: new Date(at + minute * 60_000).toISOString() });
    const story = [post('claim', 0, texts.en1[0]), post('copy', 1, texts.en2[0]), post('copy2', 2, texts.en2[0])];
    t.add(story);
    const stored = story.map((m) => ({ ...m, enrichment: { ...m.enrichment, story: t.place(m.id) } }));
    expect(stored.map((m) => m.enrichment.story?.parentId)).toEqual([undefined, 'x:claim', 'x:claim']);
    expect(t.evict(['x:claim'])).toBe(3);
    t.add([post('later', 200, 'an unrelated text about something else entirely')]);
    const result = t.add(stored, true);
    expect(result.changed).toEqual([]);
    expect(stored.map((m) => [t.place(m.id), t.node(m.id)!.words])).toEqual(stored.map((m) => [m.enrichment.story, undefined]));
    // Within the horizon, a reloaded text is fingerprinted again.
    expect(t.evict(['x:claim'])).toBe(3);
    const fresh = new StoryTracker(storiesConfig.parse({ textWindowSecs: 3600 }));
    fresh.add(stored, true);
    expect(stored.map((m) => fresh.place(m.id))).toEqual(stored.map((m) => m.enrichment.story));
    expect(fresh.node('x:copy')!.words!.length).toBeGreaterThan(2);
  });

  it('gives a late text only the later texts that are its near-duplicates to re-check', () => {
    const index = new TextIndex(3600_000, 0.5);
    const at = Date.parse('2026-11-20T10:00:00Z');
    const claim = wordHashes(['fjällvind', 'återkall', 'vinterjack', 'brandrisk', 'fodr']);
    // Shares three of seven words with the claim (Jaccard 0.43), so many of its buckets.
    const neighbour = wordHashes(['fjällvind', 'återkall', 'vinterjack', 'butik', 'umeå']);
    index.add({ id: 'copy', time: at + 1000, words: claim });
    index.add({ id: 'other', time: at + 2000, words: neighbour });
    expect(index.laterNeighbours({ id: 'late', time: at, words: claim })).toEqual(['copy']);
  });
});

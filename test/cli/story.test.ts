import { describe, expect, it } from 'vitest';
import { renderTree, type StoryNodeOut } from '../../cli/commands/story.ts';
import type { StoryDoc } from '../../enrich/stories/story.ts';

const node = (id: string, parentId: string | null, minute: number, extra: Partial<StoryNodeOut> = {}): StoryNodeOut => ({
  id, parentId, parentVia: parentId ? 'reply' : null, inferred: false, depth: 0, publishedAt: `2026-11-20T10:${String(minute).padStart(2, '0')}:00.000Z`, author: id.slice(2), staff: [], text: `text ${id}`, ...extra,
});
const story = { id: 'x:gone', title: 'ett rykte', size: 4, uniqueAuthors: 4, depth: 1, maxBreadth: 2, virality: 1, trees: 2, velocity: { current: 4, previous: 0, ratio: 4 }, reach: 10, staff: { started: false, amplified: true, replied: true, named: false, people: ['anna'] }, inferred: 1, orphans: 2 } as unknown as StoryDoc;

describe('renderTree', () => {
  it('hangs orphans under their missing parent and marks staff and inferred edges', () => {
    const out = renderTree(story, [
      node('x:a', 'x:gone', 1),
      node('x:b', 'x:gone', 2),
      node('x:c', 'x:a', 3, { staff: ['anna'] }),
      node('x:d', 'x:b', 4, { parentVia: 'link', inferred: true }),
    ]);
    expect(out.split('\n')).toEqual([
      'story x:gone: ett rykte',
      '  4 mentions by 4 authors · depth 1 · max breadth 2 · virality 1.000 · 2 trees · 4.0/h (×4.0) · reach 10',
      '  staff: anna · amplified · replied · inferred edges 1 · 2 orphans',
      '',
      '(not collected) x:gone',
      '  2026-11-20 10:01  @a  text x:a',
      '    ↳ reply 2026-11-20 10:03  @c ★anna  text x:c',
      '  2026-11-20 10:02  @b  text x:b',
      '    ⇢ link? 2026-11-20 10:04  @d  text x:d',
    ]);
  });

  it('stops after the limit and says how many are left', () => {
    const out = renderTree({ ...story, id: 'x:r' }, [node('x:r', null, 0), node('x:s', 'x:r', 1), node('x:t', 'x:r', 2)], 2);
    expect(out.split('\n').slice(4)).toEqual(['2026-11-20 10:00  @r  text x:r', '  ↳ reply 2026-11-20 10:01  @s  text x:s', '… 1 more (use --json for all)']);
  });
});

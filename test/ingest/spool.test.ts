import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../ingest/spool.ts';
import { mention } from '../helpers/mentions.ts';

describe('the stream spool when full', () => {
  it('keeps the count of refused posts across a restart and reports it until the read that carried it is committed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rykte-spool-unit-'));
    const post = (i: number) => mention({ nativeId: `p${i}`, text: `post ${i}` });
    const size = Buffer.byteLength(`${JSON.stringify(post(0))}\n`);
    // Room for two posts: the other five are refused.
    const first = new Spool(dir, 'x', 2 * size + 2);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => first.append(post(i)))).toEqual([true, true, false, false, false, false, false]);
    first.close();

    // A restart before any read: the count is still there.
    const second = new Spool(dir, 'x', 2 * size + 2);
    const read = await second.read(undefined, 10);
    expect(read.mentions.map((m) => m.id)).toEqual(['x:p0', 'x:p1']);
    expect(read.problems.map((p) => [p.errorType, p.message])).toEqual([['spool_full', `stream spool: full (${2 * size + 2} bytes in ${dir}); 5 posts were not kept (the search backfill fetches those still inside X's 7-day window)`]]);
    // Not committed: a restart reports it again.
    second.close();
    const third = new Spool(dir, 'x', 2 * size + 2);
    const again = await third.read(undefined, 10);
    expect(again.problems.map((p) => p.message)).toEqual([expect.stringContaining('; 5 posts were not kept')]);
    // Committed (the next read starts past it): reported once, and gone from disk.
    expect((await third.read(again.next, 10)).problems).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.includes('refused'))).toEqual([]);
    third.close();
    const fourth = new Spool(dir, 'x', 2 * size + 2);
    expect((await fourth.read(again.next, 10)).problems).toEqual([]);
    fourth.close();
  });
});

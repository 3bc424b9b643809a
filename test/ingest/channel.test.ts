import { describe, expect, it } from 'vitest';
import { Channel } from '../../ingest/channel.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('channel', () => {
  it('makes a producer wait while it is full, and hands items on in order', async () => {
    const channel = new Channel<number>(2);
    const pushed: number[] = [];
    const producer = (async () => {
      for (const i of [1, 2, 3, 4]) (await channel.push(i), pushed.push(i));
      channel.close();
    })();
    await tick();
    expect(pushed).toEqual([1, 2]); // the third push waits for room
    const read: number[] = [];
    for await (const i of channel) read.push(i);
    await producer;
    expect(read).toEqual([1, 2, 3, 4]);
  });

  it('keeps a closed reader waiting while a held item may still come, and takes items pushed after it said done', async () => {
    const channel = new Channel<string>(1);
    const release = channel.hold();
    channel.close();
    const next = channel.next();
    await tick();
    channel.pushNow('late');
    release();
    expect(await next).toEqual({ value: 'late', done: false });
    expect(await channel.next()).toEqual({ value: undefined, done: true });
    channel.pushNow('retry');
    expect(await channel.next()).toEqual({ value: 'retry', done: false });
  });

  it('fails both sides at once', async () => {
    const channel = new Channel<number>(1);
    await channel.push(1);
    const blocked = channel.push(2);
    channel.fail(new Error('sink died'));
    await expect(blocked).rejects.toThrow('sink died');
    await expect(channel.next()).rejects.toThrow('sink died');
  });
});

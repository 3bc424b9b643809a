import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideClaim, fairShare, nextLease, preferenceOrder, workersConfig, type Lease } from '../../index/lease.ts';
import { LeaseStore } from '../../index/lease-store.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';

const t0 = Date.parse('2026-12-01T10:00:00Z');
const lease = (owner: string | null, renewedAt: number, leaseSecs = 30): Lease => ({
  owner,
  since: new Date(t0).toISOString(),
  renewedAt: new Date(renewedAt).toISOString(),
  leaseSecs,
});

describe('lease decisions', () => {
  it('creates a missing lease, renews its own, waits for a live one, takes a free or expired one', () => {
    expect(decideClaim(undefined, 'a', t0)).toEqual({ action: 'create' });
    expect(decideClaim(lease('a', t0), 'a', t0 + 29_999)).toEqual({ action: 'renew' });
    expect(decideClaim(lease('b', t0), 'a', t0 + 29_999)).toEqual({ action: 'wait', holder: 'b', until: t0 + 30_000 });
    expect(decideClaim(lease('b', t0), 'a', t0 + 30_000)).toEqual({ action: 'take', from: 'b' });
    expect(decideClaim(lease(null, t0), 'a', t0)).toEqual({ action: 'take', from: null });
  });

  it('keeps `since` across renewals and restarts it on takeover', () => {
    expect(nextLease(lease('a', t0), 'a', t0 + 10_000, 30).since).toBe(new Date(t0).toISOString());
    const at = new Date(t0 + 40_000).toISOString();
    expect(nextLease(lease('b', t0), 'a', t0 + 40_000, 30)).toEqual({ owner: 'a', since: at, renewedAt: at, leaseSecs: 30 });
  });

  it('shares sources evenly, rounding up, and orders them differently per worker', () => {
    expect([fairShare(6, 3), fairShare(6, 4), fairShare(6, 0)]).toEqual([2, 2, 6]);
    const names = ['s1', 's2', 's3', 's4', 's5', 's6'];
    expect(preferenceOrder('w1', names).sort()).toEqual(names);
    expect(preferenceOrder('w1', names)).not.toEqual(preferenceOrder('w2', names));
  });

  it('rejects a renewal interval not under the lease, and unknown keys', () => {
    expect(workersConfig.safeParse({ leaseSecs: 10, renewSecs: 10 }).error?.issues[0]).toMatchObject({ path: ['renewSecs'], message: 'Expected `renewSecs` to be less than `leaseSecs`' });
    expect(workersConfig.safeParse({ leaseSec: 10 }).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['leaseSec'] });
    expect(workersConfig.parse({})).toMatchObject({ id: expect.stringMatching(/:\d+$/), leaseSecs: 30, renewSecs: 10 });
  });
});

describe('leases in Elasticsearch', () => {
  let env: Awaited<ReturnType<typeof testPipeline>>;
  let clock = t0;
  const store = (id: string) => new LeaseStore(env.client, env.names, id, 30, () => clock);
  beforeAll(async () => {
    env = await testPipeline();
  });
  afterAll(() => env.cleanup());

  it('lets exactly one of two contenders win a free lease', async () => {
    const [a, b] = [store('a'), store('b')];
    const won = await Promise.all([a.claim('rss-1'), b.claim('rss-1')]);
    expect(won.filter(Boolean)).toHaveLength(1);
    expect([a.holds('rss-1'), b.holds('rss-1')]).toEqual(won);
    const winner = won[0] ? 'a' : 'b';
    const stored = await env.pipeline.state.get<Lease>('lease', 'rss-1');
    expect(stored).toMatchObject({ owner: winner, leaseSecs: 30 });
  });

  it('lets exactly one of two contenders take over an expired lease', async () => {
    const [a, b, c] = [store('a'), store('b'), store('c')];
    expect(await a.claim('rss-2')).toBe(true);
    clock += 31_000;
    const won = await Promise.all([b.claim('rss-2'), c.claim('rss-2')]);
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(a.holds('rss-2')).toBe(false);
  });

  it('takes over an expired lease, after which the stale owner cannot renew it', async () => {
    const [a, b] = [store('a'), store('b')];
    expect(await a.claim('rss-3')).toBe(true);
    clock += 10_000;
    expect(await a.renew('rss-3')).toBe(true);
    expect(await b.claim('rss-3')).toBe(false);
    clock += 30_000;
    expect(await b.claim('rss-3')).toBe(true);
    // `a` stalled past expiry: its renewal is conditional on its own last write, which b replaced.
    expect(await a.renew('rss-3')).toBe(false);
    expect(a.holds('rss-3')).toBe(false);
    expect(await env.pipeline.state.get<Lease>('lease', 'rss-3')).toMatchObject({ owner: 'b', since: new Date(clock).toISOString() });
  });

  it('frees a released lease for the next claimant at once, and lists every lease', async () => {
    const [a, b] = [store('a'), store('b')];
    expect(await a.claim('rss-4')).toBe(true);
    await a.release('rss-4');
    expect(a.holds('rss-4')).toBe(false);
    expect(await b.claim('rss-4')).toBe(true);
    await env.client.indices.refresh({ index: env.names.index('state') });
    const listed = await b.list();
    expect(listed.map((l) => [l.name, l.owner])).toEqual([
      ['rss-1', expect.any(String)],
      ['rss-2', expect.any(String)],
      ['rss-3', 'b'],
      ['rss-4', 'b'],
    ]);
  });

  it('stops holding a lease by its own clock once it could have expired, even without a failed renewal', async () => {
    const a = store('a');
    expect(await a.claim('rss-5')).toBe(true);
    clock += 30_000;
    expect(a.holds('rss-5')).toBe(false);
    expect(a.heldNames()).not.toContain('rss-5');
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LeaseStore } from '../../index/lease-store.ts';
import { ALERTS_LEASE, sourceLease, startClaims, type Claims } from '../../ingest/claims.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { logLines } from '../setup.ts';

const sources = ['s1', 's2', 's3', 's4', 's5', 's6'];
const workers = { leaseSecs: 2, renewSecs: 0.2 };
let env: Awaited<ReturnType<typeof testPipeline>>;

beforeAll(async () => {
  env = await testPipeline();
});
afterAll(() => env.cleanup());

function worker(id: string): Claims {
  const store = new LeaseStore(env.client, env.names, id, workers.leaseSecs);
  return startClaims(store, { id, ...workers }, { sources, roles: [ALERTS_LEASE], busy: () => false });
}

const holdings = (claims: Claims[]) => claims.map((c) => sources.filter((s) => c.holds(sourceLease(s))));

describe('claim loops of several workers', () => {
  it('split the sources evenly with no source held twice, elect one alert engine, and hand over on shutdown', async () => {
    const [a, b, c] = [worker('a'), worker('b'), worker('c')];
    // The sources may split before every loop has finished its first round (and claimed the alerts lease).
    await vi.waitFor(() => {
      expect(holdings([a, b, c]).map((h) => h.length)).toEqual([2, 2, 2]);
      expect([a, b, c].filter((w) => w.holds(ALERTS_LEASE))).toHaveLength(1);
    }, { timeout: 20_000, interval: 100 });
    expect(holdings([a, b, c]).flat().sort()).toEqual(sources);

    const leader = [a, b, c].find((w) => w.holds(ALERTS_LEASE))!;
    const rest = [a, b, c].filter((w) => w !== leader);
    await leader.stop();
    await vi.waitFor(() => expect(holdings(rest).map((h) => h.length)).toEqual([3, 3]), { timeout: 20_000, interval: 100 });
    expect(holdings(rest).flat().sort()).toEqual(sources);
    await vi.waitFor(() => expect(rest.filter((w) => w.holds(ALERTS_LEASE))).toHaveLength(1), { timeout: 20_000, interval: 100 });
    expect(logLines.some((l) => l.event === 'workers.lease_released' && l.reason === 'shutdown')).toBe(true);
    await Promise.all(rest.map((w) => w.stop()));
    expect(holdings(rest).flat()).toEqual([]);
  });
});

import { fairShare, preferenceOrder, isLive, type WorkersConfig } from '../index/lease.ts';
import type { LeaseStore } from '../index/lease-store.ts';
import { events } from '../log/events.ts';

/** Lease names: one per source, one per single-holder role, one per worker (its presence). */
export const sourceLease = (source: string) => `source:${source}`;
/** The alert engine (alerts/engine.ts) and story placement (enrich/story-stage.ts): one worker each. */
export const ALERTS_LEASE = 'alerts';
export const STORIES_LEASE = 'stories';
const workerLease = (id: string) => `worker:${id}`;

export interface ClaimOptions {
  /** Enabled sources to share with the other workers. */
  sources: string[];
  /** Single-holder roles to compete for (`ALERTS_LEASE`, `STORIES_LEASE`), claimed whenever free. */
  roles: string[];
  /** A source in the middle of a run is not given up for rebalancing (it would be re-fetched). */
  busy(source: string): boolean;
  /** Called when this worker newly holds a source (run it now rather than at its next trigger). */
  acquired?(source: string): void;
}

export interface Claims {
  holds(lease: string): boolean;
  /** Aborted when this worker loses (or gives up) the lease: the run stops after the page in hand. */
  signal(lease: string): AbortSignal;
  /** Resolves after the first claim round (tests and `rykte run` wait for it before scheduling). */
  ready: Promise<void>;
  /** Stop renewing and release every lease so other workers take over at once. */
  stop(): Promise<void>;
}

/**
 * A worker's claim loop: every `renewSecs`, renew what it holds (a failed renewal means another
 * worker took over: stop that work), count the live workers (their presence leases), give up
 * sources above an even share between runs, and claim free or expired ones up to that share
 * — in a per-worker order so workers starting together spread out. Role leases are claimed
 * whenever free. Cost per round: one search plus one small write per held lease.
 */
export function startClaims(store: LeaseStore, workers: WorkersConfig, options: ClaimOptions): Claims {
  const me = store.workerId;
  const controllers = new Map<string, AbortController>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const gained = (lease: string) => {
    controllers.set(lease, new AbortController());
    events.leaseAcquired(me, lease);
    if (lease.startsWith('source:')) options.acquired?.(lease.slice('source:'.length));
  };
  const lost = (lease: string) => {
    controllers.get(lease)?.abort(new Error(`lease ${lease} lost`));
    controllers.delete(lease);
  };
  const claim = async (lease: string) => {
    if (await store.claim(lease)) gained(lease);
  };

  async function round() {
    for (const lease of [...controllers.keys()]) {
      if (!(await store.renew(lease))) {
        events.leaseLost(me, lease);
        lost(lease);
      }
    }
    if (!store.holds(workerLease(me))) await claim(workerLease(me));
    const leases = new Map((await store.list()).map((l) => [l.name, l]));
    const now = Date.now();
    const live = [...leases.values()].filter((l) => l.name.startsWith('worker:') && isLive(l, now)).length;
    const share = fairShare(options.sources.length, Math.max(1, live));
    const mine = options.sources.filter((s) => store.holds(sourceLease(s)));
    for (const source of mine.slice(share)) {
      if (options.busy(source)) continue;
      lost(sourceLease(source));
      await store.release(sourceLease(source));
      events.leaseReleased(me, sourceLease(source), `more than an even share of ${share}`);
    }
    // Counted again: a busy source above the share is kept until its run ends.
    let held = options.sources.filter((s) => store.holds(sourceLease(s))).length;
    for (const source of preferenceOrder(me, options.sources)) {
      if (held >= share) break;
      const lease = sourceLease(source);
      const other = leases.get(lease);
      if (store.holds(lease) || (other && other.owner !== me && isLive(other, now))) continue;
      await claim(lease);
      if (store.holds(lease)) held++;
    }
    for (const role of options.roles) if (!store.holds(role)) await claim(role);
  }

  const loop = async () => {
    try {
      await round();
    } catch (error) {
      events.leaseFailed(me, 'claim', (error as Error).message);
    }
    if (!stopped) timer = setTimeout(() => void (running = loop()), workers.renewSecs * 1000);
  };
  let running = loop();

  return {
    holds: (lease) => store.holds(lease),
    signal: (lease) => controllers.get(lease)?.signal ?? AbortSignal.abort(new Error(`lease ${lease} not held`)),
    ready: running,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      for (const lease of [...controllers.keys()]) {
        lost(lease);
        await store.release(lease).catch((e) => events.leaseFailed(me, 'release', (e as Error).message));
        events.leaseReleased(me, lease, 'shutdown');
      }
    },
  };
}

import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * Leases: how several `rykte run` workers share sources and elect one alert engine with nothing
 * but Elasticsearch (the way Kibana's Task Manager claims task documents). A lease is a
 * document in the state index; it is claimed, renewed and released with `if_seq_no` /
 * `if_primary_term` (index/lease-store.ts), so of two workers writing from the same version
 * exactly one succeeds. This file is the pure part: the config and the decisions.
 */
export const workersConfig = z
  .strictObject({
    /**
     * This worker's name in leases and `rykte status`; unique per running process.
     * @default `<hostname>:<pid>` @example worker-1
     */
    id: z.string().min(1).default(() => `${hostname()}:${process.pid}`),
    /**
     * A lease its holder has not renewed for this long has expired, and another worker may take
     * the source (or the alert engine) over from its committed cursor. Longer survives longer
     * pauses (GC, a slow Elasticsearch) without a handover; shorter hands over faster after a
     * crash. Workers' clocks must agree to well within this (NTP). @default 30
     */
    leaseSecs: z.number().min(1).default(30),
    /** How often a worker renews its leases, looks for expired ones and rebalances. Must be under `leaseSecs` (a third of it leaves two chances). @default 10 */
    renewSecs: z.number().positive().default(10),
  })
  .refine((w) => w.renewSecs < w.leaseSecs, { message: 'Expected `renewSecs` to be less than `leaseSecs`', path: ['renewSecs'] });
export type WorkersConfig = z.infer<typeof workersConfig>;

/** The lease document's value (in `<prefix>-state`, id `lease:<name>`). */
export interface Lease {
  /** Worker id of the holder; null once released. */
  owner: string | null;
  /** When the current holder claimed it (ISO). */
  since: string;
  /** The holder's last heartbeat (ISO, the holder's clock). */
  renewedAt: string;
  /** The holder's `leaseSecs`: expiry is the holder's promise, so workers with different settings agree. */
  leaseSecs: number;
}

export const expiresAt = (lease: Lease) => Date.parse(lease.renewedAt) + lease.leaseSecs * 1000;

/** Held by someone and not yet expired at `now` (epoch ms). */
export const isLive = (lease: Lease | undefined, now: number): lease is Lease & { owner: string } =>
  !!lease && lease.owner !== null && now < expiresAt(lease);

export type ClaimDecision =
  | { action: 'create' }
  | { action: 'take'; from: string | null }
  | { action: 'renew' }
  | { action: 'wait'; holder: string; until: number };

/** What a worker may do with a lease it read: create it, take it over (free or expired), renew its own, or wait. */
export function decideClaim(current: Lease | undefined, me: string, now: number): ClaimDecision {
  if (!current) return { action: 'create' };
  if (current.owner === me && isLive(current, now)) return { action: 'renew' };
  if (isLive(current, now)) return { action: 'wait', holder: current.owner, until: expiresAt(current) };
  return { action: 'take', from: current.owner };
}

/** The lease value a successful claim or renewal writes; `since` survives renewals. */
export function nextLease(current: Lease | undefined, me: string, now: number, leaseSecs: number): Lease {
  const at = new Date(now).toISOString();
  const keep = current && current.owner === me && isLive(current, now);
  return { owner: me, since: keep ? current.since : at, renewedAt: at, leaseSecs };
}

/**
 * How many sources one worker should hold: an even share among the live workers, rounded up so
 * every source has a home. A worker above its share gives the surplus up between runs.
 */
export const fairShare = (sources: number, liveWorkers: number) => Math.ceil(sources / Math.max(1, liveWorkers));

/**
 * The order in which a worker tries free sources: by a hash of worker and source (rendezvous
 * hashing), so workers starting together reach for different sources first instead of all
 * racing for the first one.
 */
export function preferenceOrder(me: string, names: string[]): string[] {
  const score = (name: string) => {
    let h = 2166136261;
    for (const c of `${me}\n${name}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return h >>> 0;
  };
  return [...names].sort((a, b) => score(a) - score(b) || (a < b ? -1 : 1));
}

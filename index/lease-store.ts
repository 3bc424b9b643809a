import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';
import { searchAll } from './search-all.ts';
import { decideClaim, expiresAt, nextLease, type Lease } from './lease.ts';

/** A lease as read back with the version a conditional write needs. */
interface Versioned {
  lease: Lease;
  seqNo: number;
  primaryTerm: number;
}

export interface LeaseView extends Lease {
  name: string;
  expired: boolean;
}

const isConflict = (error: unknown) => (error as { meta?: { statusCode?: number } }).meta?.statusCode === 409;

/**
 * One worker's side of the lease documents. Every write is conditional on the version last
 * read or written (`if_seq_no` / `if_primary_term`; `op_type: create` for a first claim), so
 * when two workers race exactly one write lands and the other gets a 409. Reads are realtime
 * GETs: no refresh is needed, and none is forced (a lease write costs one small index request).
 */
export class LeaseStore {
  /** Leases this worker holds, with the version of its own last write. */
  private readonly held = new Map<string, Versioned>();

  constructor(
    private readonly client: Client,
    private readonly names: IndexNames,
    readonly workerId: string,
    private readonly leaseSecs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private target(name: string) {
    return { index: this.names.index('state'), id: `lease:${name}` };
  }

  private document(name: string, lease: Lease) {
    return { kind: 'lease', key: name, updatedAt: lease.renewedAt, value: lease };
  }

  private async read(name: string): Promise<Versioned | undefined> {
    const response = await this.client.get<{ value: Lease }>(this.target(name), { ignore: [404] });
    if (!response.found) return undefined;
    return { lease: response._source!.value, seqNo: response._seq_no!, primaryTerm: response._primary_term! };
  }

  /** Write `lease` only if the document is still at `version` (or absent, without one). False when another worker wrote first. */
  private async write(name: string, lease: Lease, version?: Versioned): Promise<Versioned | undefined> {
    try {
      const response = await this.client.index({
        ...this.target(name),
        document: this.document(name, lease),
        ...(version ? { if_seq_no: version.seqNo, if_primary_term: version.primaryTerm } : { op_type: 'create' as const }),
      });
      return { lease, seqNo: response._seq_no!, primaryTerm: response._primary_term! };
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw error;
    }
  }

  /** Claim a lease that is free, expired or already ours. True when this worker holds it afterwards. */
  async claim(name: string): Promise<boolean> {
    const current = await this.read(name);
    const now = this.now();
    const decision = decideClaim(current?.lease, this.workerId, now);
    if (decision.action === 'wait') {
      this.held.delete(name);
      return false;
    }
    const written = await this.write(name, nextLease(current?.lease, this.workerId, now, this.leaseSecs), current);
    if (written) this.held.set(name, written);
    else this.held.delete(name);
    return !!written;
  }

  /**
   * Heartbeat a held lease, conditional on our own last write: if another worker took it over
   * meanwhile (we stalled past expiry), the versions differ, the write fails and we know we lost it.
   */
  async renew(name: string): Promise<boolean> {
    const mine = this.held.get(name);
    if (!mine) return false;
    const written = await this.write(name, nextLease(mine.lease, this.workerId, this.now(), this.leaseSecs), mine);
    if (written) this.held.set(name, written);
    else this.held.delete(name);
    return !!written;
  }

  /** Give a lease up (shutdown, rebalancing): written as free so the next claimant need not wait for expiry. */
  async release(name: string): Promise<void> {
    const mine = this.held.get(name);
    this.held.delete(name);
    if (mine) await this.write(name, { ...mine.lease, owner: null, renewedAt: new Date(this.now()).toISOString() }, mine);
  }

  /**
   * True while this worker holds `name` and its own last write has not expired by its own clock:
   * a worker cut off from Elasticsearch stops acting on a lease before anyone else may take it.
   */
  holds(name: string): boolean {
    const mine = this.held.get(name);
    return !!mine && this.now() < expiresAt(mine.lease);
  }

  heldNames(): string[] {
    return [...this.held.keys()].filter((n) => this.holds(n));
  }

  /** Every lease document (for `rykte status` and rebalancing); a search, so up to a refresh interval behind. */
  async list(): Promise<LeaseView[]> {
    const now = this.now();
    return searchAll<{ key: string; value: Lease }, LeaseView>(this.client, { index: this.names.index('state'), query: { term: { kind: 'lease' } }, sort: [{ key: 'asc' }] }, (h) => ({
      name: h._source!.key,
      ...h._source!.value,
      expired: now >= expiresAt(h._source!.value),
    }));
  }
}

import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';
import { searchAll } from './search-all.ts';
import { redactDeep, restoreConfigured } from '../log/redact.ts';

/**
 * Small keyed documents that must survive restarts: collector cursors and health, rule
 * state, silences. One document per (kind, key) in the state index, value stored as is
 * (not indexed). Secrets are redacted before a value is stored; configured strings (a feed
 * URL keying a cursor) are restored on read. `get` reads by id, which sees every acknowledged
 * write without a refresh; `list` searches, so a write it must see at once asks for `refresh`
 * (a forced refresh costs a segment per write: the runner's cursor and health writes go without).
 */
export class StateStore {
  constructor(
    private readonly client: Client,
    private readonly names: IndexNames,
  ) {}

  private docId(kind: string, key: string) {
    return `${kind}:${key}`;
  }

  async get<T>(kind: string, key: string): Promise<T | undefined> {
    const response = await this.client.get<{ value: T }>(
      { index: this.names.index('state'), id: this.docId(kind, key) },
      { ignore: [404] },
    );
    return response.found ? restoreConfigured(response._source?.value) : undefined;
  }

  async put<T>(kind: string, key: string, value: T, { refresh = true } = {}): Promise<void> {
    await this.client.index({
      index: this.names.index('state'),
      id: this.docId(kind, key),
      refresh,
      document: redactDeep({ kind, key, updatedAt: new Date().toISOString(), value }),
    });
  }

  /**
   * Several values in one request without refresh, so a crash cannot keep one without the
   * other (a cursor and the count of what its pages indexed). Throws if any was not stored.
   */
  async putMany(entries: { kind: string; key: string; value: unknown }[]): Promise<void> {
    if (entries.length === 0) return;
    const updatedAt = new Date().toISOString();
    const response = await this.client.bulk({
      index: this.names.index('state'),
      operations: entries.flatMap(({ kind, key, value }) => [{ index: { _id: this.docId(kind, key) } }, redactDeep({ kind, key, updatedAt, value })]),
    });
    const failed = response.items.find((item) => item.index?.error);
    if (failed) throw new Error(`state: could not store ${failed.index?._id}: ${failed.index?.error?.reason}`);
  }

  /** Every value of a kind, by key (all of them, a page at a time). */
  async list<T>(kind: string): Promise<{ key: string; value: T; updatedAt: string }[]> {
    type Stored = { key: string; value: T; updatedAt: string };
    return searchAll<Stored, Stored>(this.client, { index: this.names.index('state'), query: { term: { kind } }, sort: [{ key: 'asc' }] }, (h) => restoreConfigured(h._source!));
  }

  /** Remove one value (with refresh, so `list` no longer sees it); false when there was none. */
  async delete(kind: string, key: string): Promise<boolean> {
    const response = await this.client.delete({ index: this.names.index('state'), id: this.docId(kind, key), refresh: true }, { ignore: [404] });
    return response.result === 'deleted';
  }
}

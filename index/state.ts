import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';
import { redactDeep, restoreConfigured } from '../log/redact.ts';

/**
 * Small keyed documents that must survive restarts: collector cursors and health, rule
 * state, silences. One document per (kind, key) in the state index, value stored as is
 * (not indexed), written with refresh so the next read sees it. Secrets are redacted before
 * a value is stored; configured strings (a feed URL keying a cursor) are restored on read.
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

  async put<T>(kind: string, key: string, value: T): Promise<void> {
    await this.client.index({
      index: this.names.index('state'),
      id: this.docId(kind, key),
      refresh: true,
      document: redactDeep({ kind, key, updatedAt: new Date().toISOString(), value }),
    });
  }

  /**
   * Several values in one request, so a crash cannot keep one without the other (a page's
   * cursor and the count of what it indexed). Throws if any of them was not stored.
   */
  async putMany(entries: { kind: string; key: string; value: unknown }[]): Promise<void> {
    const updatedAt = new Date().toISOString();
    const response = await this.client.bulk({
      index: this.names.index('state'),
      refresh: true,
      operations: entries.flatMap(({ kind, key, value }) => [{ index: { _id: this.docId(kind, key) } }, redactDeep({ kind, key, updatedAt, value })]),
    });
    const failed = response.items.find((item) => item.index?.error);
    if (failed) throw new Error(`state: could not store ${failed.index?._id}: ${failed.index?.error?.reason}`);
  }

  async list<T>(kind: string): Promise<{ key: string; value: T; updatedAt: string }[]> {
    const response = await this.client.search<{ key: string; value: T; updatedAt: string }>({
      index: this.names.index('state'),
      size: 1000,
      query: { term: { kind } },
      sort: [{ key: 'asc' }],
    });
    return response.hits.hits.map((h) => restoreConfigured(h._source!));
  }
}

import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';

/**
 * Small keyed documents that must survive restarts: collector cursors and health, rule
 * state, silences. One document per (kind, key) in the state index, value stored as is
 * (not indexed), written with refresh so the next read sees it.
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
    return response.found ? response._source?.value : undefined;
  }

  async put<T>(kind: string, key: string, value: T): Promise<void> {
    await this.client.index({
      index: this.names.index('state'),
      id: this.docId(kind, key),
      refresh: true,
      document: { kind, key, updatedAt: new Date().toISOString(), value },
    });
  }

  async list<T>(kind: string): Promise<{ key: string; value: T; updatedAt: string }[]> {
    const response = await this.client.search<{ key: string; value: T; updatedAt: string }>({
      index: this.names.index('state'),
      size: 1000,
      query: { term: { kind } },
      sort: [{ key: 'asc' }],
    });
    return response.hits.hits.map((h) => h._source!);
  }
}

import { appendFile } from 'node:fs/promises';
import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from './names.ts';
import { events } from '../log/events.ts';
import { redactDeep } from '../log/redact.ts';

/** A row of the errors index: a rejected document or a problem a stage reported. */
export interface ErrorRecord {
  '@timestamp': string;
  kind: 'rejected' | 'problem';
  stage: string;
  source?: string;
  where?: string;
  errorType: string;
  message: string;
  documentId?: string;
  index?: string;
  status?: number;
  document?: unknown;
}

/**
 * Keep error records queryable in the errors index (as ElastAlert2 does); what the cluster
 * cannot take is appended to `fallbackFile`, so nothing reported is ever lost.
 */
export async function recordErrors(client: Client, names: IndexNames, reported: ErrorRecord[], fallbackFile: string): Promise<void> {
  if (reported.length === 0) return;
  // A message may quote a feed URL with its token, a document a configured secret.
  const records = redactDeep(reported);
  let failed = records;
  try {
    const response = await client.bulk({
      index: names.alias('errors'),
      refresh: true,
      operations: records.flatMap((r) => [{ create: {} }, r]),
    });
    failed = response.items.flatMap((item, i) => ((item.create?.status ?? 500) >= 300 ? [records[i]!] : []));
  } catch {
    // Cluster unreachable: everything goes to the file below.
  }
  for (const record of failed) {
    events.deadLetterFailed(record.documentId ?? record.where ?? record.errorType, fallbackFile, 'errors index unavailable');
    await appendFile(fallbackFile, `${JSON.stringify(record)}\n`);
  }
}

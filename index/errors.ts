import { appendFile, readFile, rename, rm } from 'node:fs/promises';
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

/**
 * Move the records the dead-letter file holds into the errors index (`rykte errors replay`
 * does this first). The file is renamed before it is read, so records appended meanwhile go
 * to a new file and none is lost; lines the index still refuses are appended back.
 */
export async function drainDeadLetters(client: Client, names: IndexNames, file: string): Promise<{ moved: number; left: number }> {
  const taken = `${file}.replaying-${process.pid}`;
  try {
    await rename(file, taken);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { moved: 0, left: 0 };
    throw error;
  }
  const lines = (await readFile(taken, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const records: { line: string; record: ErrorRecord }[] = [];
  const left: string[] = [];
  for (const line of lines) {
    try {
      records.push({ line, record: JSON.parse(line) as ErrorRecord });
    } catch {
      left.push(line); // not ours to judge: kept as it was
    }
  }
  let refused = records.map((r) => r.line);
  if (records.length) {
    try {
      const response = await client.bulk({ index: names.alias('errors'), refresh: true, operations: records.flatMap((r) => [{ create: {} }, r.record]) });
      refused = response.items.flatMap((item, i) => ((item.create?.status ?? 500) >= 300 ? [records[i]!.line] : []));
    } catch (error) {
      await appendFile(file, lines.map((l) => `${l}\n`).join(''));
      await rm(taken);
      throw error;
    }
  }
  left.push(...refused);
  if (left.length) await appendFile(file, left.map((l) => `${l}\n`).join(''));
  await rm(taken);
  return { moved: records.length - refused.length, left: left.length };
}

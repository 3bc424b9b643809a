import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errors, type Client } from '@elastic/elasticsearch';
import { indexKinds, TEMPLATE_VERSION, type IndexNames } from './names.ts';
import { setupIndices } from './setup.ts';
import { StateStore } from './state.ts';
import { events } from '../log/events.ts';

/**
 * What rykte may do with the credential it has (README "Roles and privileges"). `rykte setup`
 * runs with an admin credential and installs the templates; the daemon and imports only check,
 * with the index privileges they have, that it ran: the setup record in the state index names
 * the templates it installed. Only when that record is missing or older does a command try
 * to install the templates itself, which works with an admin credential (a single-credential
 * install keeps working as before) and fails with a clear message without one.
 */
export interface SetupRecord {
  version: number;
  /** Digest of the template files: a newer rykte with changed templates sees a different one. */
  digest: string;
  templates: string[];
  at: string;
}

export async function templatesDigest(): Promise<string> {
  const hash = createHash('sha256').update(String(TEMPLATE_VERSION));
  for (const kind of Object.keys(indexKinds)) hash.update(await readFile(new URL(`./templates/v${TEMPLATE_VERSION}/${kind}.json`, import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

/** `rykte setup`: install everything and leave the record the other commands read. */
export async function setup(client: Client, names: IndexNames): Promise<string[]> {
  const templates = await setupIndices(client, names);
  await new StateStore(client, names).put<SetupRecord>('setup', 'templates', { version: TEMPLATE_VERSION, digest: await templatesDigest(), templates, at: new Date().toISOString() });
  return templates;
}

/** Before writing (run, once, import, alerts run-once): the indices are set up, or say how to. */
export async function ensureSetup(client: Client, names: IndexNames): Promise<void> {
  const record = await new StateStore(client, names).get<SetupRecord>('setup', 'templates').catch(() => undefined);
  if (record?.digest === (await templatesDigest())) return;
  try {
    await setup(client, names);
  } catch (error) {
    if (!isForbidden(error)) throw error;
    const why = `this credential may not install index templates (${reason(error)})`;
    if (!record) throw new Error(`elasticsearch: rykte's indices under \`${names.prefix}\` are not set up and ${why}; run \`rykte setup\` once with an admin credential (README "Roles and privileges")`);
    events.setupOutdated(names.prefix, why);
  }
}

/**
 * Make what was just written searchable. That takes the `maintenance` privilege, which an
 * ingest credential need not have: without it, documents become searchable on the index's
 * next refresh (within a second by default) instead.
 */
export async function refreshIfAllowed(client: Client, index: string): Promise<void> {
  try {
    await client.indices.refresh({ index, allow_no_indices: true, ignore_unavailable: true });
  } catch (error) {
    if (!isForbidden(error)) throw error;
    events.refreshSkipped(index, reason(error));
  }
}

export const isForbidden = (error: unknown) => error instanceof errors.ResponseError && error.statusCode === 403;

/** `security_exception: unable to authenticate user [rykte] ...`: the type and reason Elasticsearch gave. */
export function reason(error: errors.ResponseError | unknown): string {
  const cause = (error as errors.ResponseError).body?.error;
  if (cause && typeof cause === 'object') return `${cause.type}: ${cause.reason ?? 'no reason given'}`;
  return (error as Error).message;
}

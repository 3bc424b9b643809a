import { registerSecret } from '../../log/logger.ts';

/**
 * Kibana's saved-objects import API: `POST [/s/<space>]/api/saved_objects/_import?overwrite=true`
 * with the NDJSON as the multipart field `file` and the `kbn-xsrf` header Kibana requires on
 * every write. With `overwrite`, importing again replaces the same ids: idempotent.
 */
export interface KibanaTarget {
  url: string;
  space?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  timeoutSecs?: number;
}

export interface ImportError {
  id: string;
  type: string;
  title?: string;
  error: { type: string; references?: { type: string; id: string }[]; message?: string };
}

export class KibanaImportError extends Error {}

export function importUrl(t: KibanaTarget): string {
  const space = t.space && t.space !== 'default' ? `/s/${encodeURIComponent(t.space)}` : '';
  return `${t.url.replace(/\/+$/, '')}${space}/api/saved_objects/_import?overwrite=true`;
}

function authorization(t: KibanaTarget): string | undefined {
  registerSecret(t.apiKey);
  registerSecret(t.password);
  if (t.apiKey) return `ApiKey ${t.apiKey}`;
  if (t.username) return `Basic ${Buffer.from(`${t.username}:${t.password ?? ''}`).toString('base64')}`;
  return undefined;
}

const describe = (e: ImportError) => {
  const what = `${e.type} ${e.id}${e.title ? ` ("${e.title}")` : ''}`;
  if (e.error.type === 'missing_references') return `${what}: missing references ${(e.error.references ?? []).map((r) => `${r.type} ${r.id}`).join(', ')}`;
  return `${what}: ${e.error.type}${e.error.message ? ` (${e.error.message})` : ''}`;
};

/** Import the objects; resolves with how many Kibana took, throws with every object it refused. */
export async function importSavedObjects(t: KibanaTarget, ndjson: string, fileName = 'rykte.ndjson'): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), fileName);
  const auth = authorization(t);
  let response: Response;
  try {
    response = await fetch(importUrl(t), {
      method: 'POST',
      headers: { 'kbn-xsrf': 'rykte', ...(auth ? { authorization: auth } : {}) },
      body: form,
      signal: AbortSignal.timeout((t.timeoutSecs ?? 60) * 1000),
    });
  } catch (error) {
    throw new KibanaImportError(`kibana: cannot reach ${t.url}: ${(error as Error).cause ? ((error as Error).cause as Error).message : (error as Error).message}`);
  }
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new KibanaImportError(`kibana: ${t.url} answered HTTP ${response.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok) throw new KibanaImportError(`kibana: import refused (HTTP ${response.status} ${body.error ?? ''}): ${body.message ?? text.slice(0, 200)}`);
  if (!body.success) {
    const errors: ImportError[] = body.errors ?? [];
    throw new KibanaImportError(`kibana: imported ${body.successCount ?? 0} objects; ${errors.length} refused:\n${errors.map((e) => `  - ${describe(e)}`).join('\n')}`);
  }
  return body.successCount;
}

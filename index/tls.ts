import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ConnectionOptions } from 'node:tls';
import { events } from '../log/events.ts';

/**
 * `elasticsearch.tls`: how rykte trusts a cluster whose certificate is not signed by a public
 * CA (README "TLS"). Either give the CA's PEM file, or pin the CA by its SHA-256 fingerprint
 * (what Elasticsearch prints on first start, or `openssl x509 -fingerprint -sha256`).
 */
export const elasticsearchTls = z.strictObject({
  /** PEM file of the CA that signed the cluster's HTTP certificate; relative paths from rykte.yml. @example certs/ca.crt */
  ca: z.string().min(1).optional(),
  /** SHA-256 fingerprint of that CA certificate: 32 hex pairs, `:` between them optional. @example 19:6C:18:…:20:72 */
  caFingerprint: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'a SHA-256 fingerprint: 32 hex pairs, e.g. `19:6C:18:…`')
    .transform((s) => s.replace(/:/g, '').toUpperCase().match(/../g)!.join(':'))
    .optional(),
  /**
   * Verify the certificate chain. `false` trusts any certificate: only for a throw-away test
   * cluster. @default true (false when only `caFingerprint` is given: the pin is the check)
   */
  rejectUnauthorized: z.boolean().optional(),
});
export type ElasticsearchTls = z.infer<typeof elasticsearchTls>;

/** Client options for `elasticsearch.tls`. The CA file is read once, at start. */
export async function tlsOptions(tls: ElasticsearchTls | undefined, baseDir = '.'): Promise<{ tls?: ConnectionOptions; caFingerprint?: string }> {
  if (!tls) return {};
  let ca: string | undefined;
  if (tls.ca) {
    const file = resolve(baseDir, tls.ca);
    try {
      ca = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`elasticsearch: cannot read elasticsearch.tls.ca ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  // A pinned CA without its file: Node cannot build the chain, so the pin is the whole check.
  const rejectUnauthorized = tls.rejectUnauthorized ?? !(tls.caFingerprint && !ca);
  if (tls.rejectUnauthorized === false) {
    events.configWarning('elasticsearch.tls.rejectUnauthorized', 'certificates are not verified: anyone on the path to the cluster can read rykte\'s credentials and data');
  }
  return { tls: { ...(ca ? { ca } : {}), rejectUnauthorized }, ...(tls.caFingerprint ? { caFingerprint: tls.caFingerprint } : {}) };
}

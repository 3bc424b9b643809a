import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * `security`: how rykte treats what it is told to fetch and what it writes down. The defaults
 * suit a self-hosted install whose admin writes the config; a shared deployment, where people
 * who are not admins add feed URLs, turns `blockPrivateAddresses` on (README "Untrusted feed URLs").
 */
const addressOrRange = z.string().refine((s) => {
  const [address, bits, ...rest] = s.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}, 'an IP address or CIDR range, e.g. `10.0.4.12` or `10.1.0.0/16`');

export const securityConfig = z.strictObject({
  /**
   * Hide the query string and password of every URL in this config (a feed's `?token=`)
   * wherever rykte logs or stores it: `?token=REDACTED`. @default true
   */
  redactUrlQueries: z.boolean().default(true),
  /**
   * Refuse to fetch from loopback, private, link-local, CGNAT, multicast and other
   * non-public addresses: checked on the address each connection actually uses (after DNS)
   * and on every redirect. Applies to the rss, mastodon and bluesky collectors. @default false
   */
  blockPrivateAddresses: z.boolean().default(false),
  /** Addresses or CIDR ranges allowed despite `blockPrivateAddresses` (an internal feed host). @example [10.0.4.12] */
  allowAddresses: z.array(addressOrRange).default([]),
});
export type SecurityConfig = z.infer<typeof securityConfig>;

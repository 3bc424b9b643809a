/**
 * The one place that hides secrets, for everything rykte writes down: log lines, the errors,
 * state and alerts indices, the dead-letter file, command output. What counts as secret:
 * - values interpolated from the environment into the config, and credentials units register
 *   (tokens, passwords, webhook URLs): replaced by `[redacted]` wherever they appear;
 * - the query string and password of every URL in the config (a feed's `?token=`):
 *   `https://host/feed?token=REDACTED`, wherever that URL appears, whatever the value's length.
 * The cost is a substring search per secret over each written text; documents are checked
 * as one JSON string first and walked only when something must go.
 */
export const CENSOR = '[redacted]';
const URL_CENSOR = 'REDACTED';

const secrets = new Set<string>();
/** `origin + path` of configured URLs whose query strings are hidden. */
const urlPrefixes = new Set<string>();
/** Configured strings (source settings that key cursors): read back from state as they were. */
const configured = new Set<string>();
/** redacted form → configured string; rebuilt when a secret is added. */
let restoring: Map<string, string> | undefined;

export function registerSecret(value: string | undefined): void {
  // Very short values ("1", "on") would redact innocent text and protect nothing.
  if (value && value.length >= 6 && !secrets.has(value)) {
    secrets.add(value);
    restoring = undefined;
  }
}

const credentialParam = /token|key|secret|pass|auth|sig|session|credential/i;

/** A URL from the config: its query values and password are hidden wherever it appears. */
export function registerUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return;
  }
  if (!/^https?:$/.test(url.protocol)) return;
  if (url.password) [url.password, decodeURIComponent(url.password)].forEach(registerSecret);
  if (url.search.length > 1) {
    urlPrefixes.add(`${url.origin}${url.pathname}`);
    restoring = undefined;
    // A credential parameter's value is hidden anywhere (after a redirect, in a body); other
    // values (`?q=fjällvind`) only as part of this URL, or a brand name would vanish everywhere.
    for (const [name, v] of url.searchParams) if (credentialParam.test(name)) registerSecret(v);
  }
}

/**
 * A URL that is a credential as a whole (a Slack webhook): the URL, and its path and longer
 * path segments, since a failing service may echo just the path back.
 */
export function registerSecretUrl(value: string): void {
  registerSecret(value);
  registerUrl(value);
  try {
    const { pathname } = new URL(value);
    registerSecret(pathname.length > 1 ? pathname : undefined);
    // Ids and tokens (`T0123ABCD`, a 24-character key), not words like `services`.
    for (const segment of pathname.split('/')) if (segment.length >= 16 || (segment.length >= 8 && /\d/.test(segment))) registerSecret(segment);
  } catch {
    // not a URL: the whole value is registered already
  }
}

/** Remember a configured string (a feed URL keying a cursor) so state can restore it on read. */
export function registerConfigured(value: string): void {
  configured.add(value);
  restoring = undefined;
}

/** `https://u:p@host/feed?token=x` → `https://u:REDACTED@host/feed?token=REDACTED`. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = URL_CENSOR;
    for (const key of new Set(url.searchParams.keys())) url.searchParams.set(key, URL_CENSOR);
    return url.toString();
  } catch {
    return value;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redactText(text: string): string {
  let out = text;
  for (const prefix of urlPrefixes) {
    if (!out.includes(prefix)) continue;
    out = out.replace(new RegExp(`${escapeRegExp(prefix)}\\?([^\\s"'<>\\\\]*)`, 'g'), (_, query: string) => `${prefix}?${query.replace(/=([^&#]*)/g, `=${URL_CENSOR}`)}`);
  }
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(CENSOR);
  }
  return out;
}

/** Walk strings and object keys; untouched values are returned as they are. */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
  }
  return value;
}

/** A document with every secret hidden, for anything stored or printed. */
export function redactDeep<T>(value: T): T {
  if (secrets.size === 0 && urlPrefixes.size === 0) return value;
  const json = JSON.stringify(value);
  if (json === undefined || redactText(json) === json) return value;
  return mapStrings(value, redactText) as T;
}

/**
 * The inverse for configured strings only: a cursor keyed by a feed URL is stored with the
 * URL redacted and read back under the URL the collector knows. Other redactions stay.
 */
export function restoreConfigured<T>(value: T): T {
  restoring ??= new Map([...configured].map((s) => [redactText(s), s] as const).filter(([r, s]) => r !== s));
  if (restoring.size === 0) return value;
  const json = JSON.stringify(value);
  if (json === undefined || !(json.includes(CENSOR) || json.includes(URL_CENSOR))) return value;
  const map = restoring;
  return mapStrings(value, (s) => map.get(s) ?? s) as T;
}

import { fetch, type Dispatcher, type Response } from 'undici';
import { HttpError } from './collector.ts';
import { BlockedAddressError, guardedAgent, type AddressPolicy } from './address-guard.ts';

/** undici's own dispatcher unless `security.blockPrivateAddresses` is on (ingest/address-guard.ts). */
let dispatcher: Dispatcher | undefined;

/** Set once per process from the config's `security` section (cli/context.ts). */
export function setAddressPolicy(policy: AddressPolicy): void {
  // The previous agent finishes what it has in flight, then closes its idle sockets.
  void (dispatcher as Dispatcher & { close?: () => Promise<void> })?.close?.();
  dispatcher = policy.blockPrivateAddresses ? guardedAgent(policy) : undefined;
}

/**
 * One GET for collectors that talk HTTP themselves: redirects followed by hand (capped, loops
 * detected, credentials dropped when the origin changes), the body read up to a byte limit and
 * no further, the caller's signal honoured throughout. Status handling (429, 5xx, 304) is the
 * caller's: each network says it differently.
 */
export interface GetOptions {
  signal: AbortSignal;
  headers?: Record<string, string>;
  /** Stop reading and fail beyond this many bytes. */
  maxBytes: number;
  /** Most redirects followed before giving up. */
  maxRedirects: number;
  /** Prefix of error messages, e.g. "rss collector". */
  unit: string;
}

export interface GetResult {
  status: number;
  headers: Headers;
  /** Empty unless 2xx. */
  body: Buffer;
  /** URL after redirects. */
  url: string;
}

/** A request that went wrong in a way a retry will not fix: loops, too many hops, too big. */
export class FetchProblem extends Error {
  constructor(
    message: string,
    readonly errorType: 'redirect_loop' | 'too_many_redirects' | 'too_large' | 'blocked_address',
    readonly url: string,
  ) {
    super(message);
    this.name = 'FetchProblem';
  }
}

/** Headers that carry credentials: never sent to an origin the caller did not name. */
const credentialHeaders = ['authorization', 'proxy-authorization', 'cookie'];

/**
 * What `fetch` and browsers do on a redirect to another origin (scheme, host or port): the
 * request goes on without its credentials, and stays without them even if a later hop returns.
 */
function withoutCredentials(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !credentialHeaders.includes(name.toLowerCase())));
}

export async function httpGet(url: string, options: GetOptions): Promise<GetResult> {
  const visited = [url];
  let current = url;
  let headers = options.headers;
  for (;;) {
    let response: Response;
    try {
      response = await fetch(current, { redirect: 'manual', signal: options.signal, headers, dispatcher });
    } catch (error) {
      if (options.signal.aborted) throw abortError(options, current);
      const cause = (error as Error & { cause?: Error }).cause;
      if (cause instanceof BlockedAddressError) throw new FetchProblem(`${options.unit}: GET ${current} refused: ${cause.message}`, 'blocked_address', url);
      throw new HttpError(`${options.unit}: GET ${current} failed: ${cause?.message ?? (error as Error).message}`, 0, current);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
      await response.body?.cancel();
      const next = new URL(location, current).toString();
      if (visited.includes(next)) {
        throw new FetchProblem(`${options.unit}: redirect loop: ${[...visited, next].join(' -> ')}`, 'redirect_loop', url);
      }
      if (visited.length > options.maxRedirects) {
        throw new FetchProblem(`${options.unit}: more than ${options.maxRedirects} redirects from ${url}`, 'too_many_redirects', url);
      }
      visited.push(next);
      if (new URL(next).origin !== new URL(current).origin) headers = withoutCredentials(headers);
      current = next;
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel();
      return { status: response.status, headers: response.headers, body: Buffer.alloc(0), url: current };
    }
    return { status: response.status, headers: response.headers, body: await readLimited(response, current, options), url: current };
  }
}

function abortError(options: GetOptions, url: string): Error {
  const reason = options.signal.reason as Error | undefined;
  const why = reason?.name === 'TimeoutError' ? 'timed out' : (reason?.message ?? 'aborted');
  return new Error(`${options.unit}: GET ${url} aborted: ${why}`);
}

/** Read the body chunk by chunk so an endless or huge response costs at most `maxBytes`. */
async function readLimited(response: Response, url: string, options: GetOptions): Promise<Buffer> {
  const tooLarge = () =>
    new FetchProblem(`${options.unit}: ${url} is larger than maxBytes (${options.maxBytes} bytes); not read further`, 'too_large', url);
  const declared = Number(response.headers.get('content-length'));
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (options.signal.aborted) throw abortError(options, url);
    throw error;
  }
  return Buffer.concat(chunks);
}

/** `Retry-After` as seconds or an HTTP date, else undefined. */
export function retryAfter(headers: Headers, now: Date): Date | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return new Date(now.getTime() + secs * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

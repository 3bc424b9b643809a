import { kibanaLinks } from '../../dashboards/ids.ts';
import type { WebContext } from '../server.ts';

/** Query parameters as a filter object: empty strings are unset. */
export function params(p: URLSearchParams, keys: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, p.get(k)?.trim() || undefined]));
}

/** A positive whole number from a query parameter, within [1, max]. */
export function count(value: string | undefined, fallback: number, max = 500): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** Kibana links when `alerts.kibanaUrl` is configured. */
export const kibana = (ctx: WebContext) => (ctx.config.alerts.kibanaUrl ? kibanaLinks(ctx.config.alerts.kibanaUrl, ctx.names.prefix) : undefined);

export const when = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** A filter the page cannot use: answered with 400 and this message. */
export class BadRequest extends Error {}

/**
 * Kibana Discover links for the evidence of an alert: the time range and a KQL query. Kibana
 * reads its URL state as Rison, where strings are quoted with ' and escaped with !.
 */
export const rison = (s: string) => `'${s.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
const kqlValue = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function discoverUrl(kibanaUrl: string, range: { from: string; to: string }, terms: Record<string, string | undefined>): string {
  const kql = Object.entries(terms)
    .filter(([, v]) => v !== undefined)
    .map(([field, value]) => `${field}:${kqlValue(value!)}`)
    .join(' and ');
  const g = `(time:(from:${rison(range.from)},to:${rison(range.to)}))`;
  const a = `(query:(language:kuery,query:${rison(kql)}))`;
  return `${kibanaUrl.replace(/\/+$/, '')}/app/discover#/?_g=${encodeURIComponent(g)}&_a=${encodeURIComponent(a)}`;
}

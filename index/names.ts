/**
 * Every index and alias name rykte uses, derived from `elasticsearch.indexPrefix`.
 * Readers always go through the alias; writers pick the concrete index.
 */
export const TEMPLATE_VERSION = 1;

/** Index kinds with a template under index/templates/v1/. Time-based kinds get monthly indices. */
export const indexKinds = {
  mentions: { timeBased: true },
  errors: { timeBased: false },
  state: { timeBased: false },
  stories: { timeBased: false },
  alerts: { timeBased: false },
} as const satisfies Record<string, { timeBased: boolean }>;
export type IndexKind = keyof typeof indexKinds;

export interface IndexNames {
  prefix: string;
  /** Alias over all indices of a kind, e.g. `rykte-mentions`. */
  alias(kind: string): string;
  /** Concrete index for a kind; time-based kinds need the document's date. */
  index(kind: string, date?: string | Date): string;
  /** Index template name, e.g. `rykte-mentions-v1`. */
  template(kind: string): string;
}

export function indexNames(prefix: string): IndexNames {
  const versioned = (kind: string) => `${prefix}-${kind}-v${TEMPLATE_VERSION}`;
  return {
    prefix,
    alias: (kind) => `${prefix}-${kind}`,
    template: versioned,
    index(kind, date) {
      if (!(indexKinds as Record<string, { timeBased: boolean }>)[kind]?.timeBased) return versioned(kind);
      const d = new Date(date ?? Date.now());
      // An unparseable date still needs a home: Elasticsearch then rejects the document with
      // a mapping error, which reaches the dead-letter path with its reason.
      if (Number.isNaN(d.getTime())) return `${versioned(kind)}-invalid-date`;
      return `${versioned(kind)}-${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    },
  };
}

import type { Mention } from '../../model/mention.ts';
import type { ImportLine } from '../../ingest/import.ts';

let n = 0;

/** A Mention with sensible defaults; override what the test is about. */
export function mention(overrides: Partial<Mention> = {}): Mention {
  const nativeId = overrides.nativeId ?? String(1000 + ++n);
  const platform = overrides.platform ?? 'x';
  return {
    id: `${platform}:${nativeId}`,
    platform,
    source: 'test',
    nativeId,
    author: { id: 'u1', handle: 'someone', followers: 10 },
    text: 'Fjällvind gör bra jackor',
    publishedAt: '2026-11-20T10:00:00.000Z',
    collectedAt: '2026-11-20T10:05:00.000Z',
    references: {},
    enrichment: {},
    ...overrides,
  };
}

/** One line of the import format. */
export function importLine(overrides: Partial<ImportLine> = {}): ImportLine {
  return { platform: 'x', id: String(5000 + ++n), text: 'hej', publishedAt: '2026-11-20T10:00:00Z', ...overrides };
}

export const jsonl = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

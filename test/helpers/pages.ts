import type { Cursor, Page, Source } from '../../ingest/collector.ts';

/** Fetch pages until `done`, as one run of the runner does; everything read, flattened. */
export async function drain(source: Source, cursor?: Cursor, signal: () => AbortSignal = () => AbortSignal.timeout(5000)) {
  const pages: Page[] = [];
  for (;;) {
    const page = await source.fetchPage(cursor, signal());
    pages.push(page);
    cursor = page.cursor;
    if (page.done) break;
  }
  return { mentions: pages.flatMap((p) => p.mentions), problems: pages.flatMap((p) => p.problems), cursor, pages };
}

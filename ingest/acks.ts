import type { Mention } from '../model/mention.ts';
import type { Rejection } from '../index/writer.ts';
import type { Cursor, Problem } from './collector.ts';

/** A page as the sink answered it: what was indexed, what was refused. */
export interface AckedPage {
  mentions: Mention[];
  problems: Problem[];
  cursor: Cursor | undefined;
  /** Parts of the source (feeds) that failed in this page (`Page.failed`). */
  failed?: string[];
  indexed: number;
  rejected: { document: Mention; rejection: Rejection }[];
}

interface Entry extends AckedPage {
  outstanding: number;
}

/**
 * Acknowledgements flowing back from the sink to the source (Filebeat's registry): pages are
 * registered in the order they go into the sink; each document's answer (indexed, or refused
 * for good) settles it; a page is handed to `onAcked` once all its documents are settled and
 * every page before it was handed on. Only such a page's cursor may be committed: a crash
 * then re-fetches what was not answered, never skips it.
 *
 * Memory: one map entry per document in flight, bounded by the buffers between the stages.
 */
export class AckLedger {
  #pages: Entry[] = [];
  #inFlight = new Map<string, Entry | Entry[]>();

  constructor(private readonly onAcked: (page: AckedPage) => void) {}

  /** Register a page before its documents are pushed into the sink; `dropMentions`: nobody reads them back. */
  add(page: Pick<AckedPage, 'mentions' | 'problems' | 'cursor' | 'failed'>, dropMentions = false): void {
    const entry: Entry = { ...page, mentions: dropMentions ? [] : page.mentions, indexed: 0, rejected: [], outstanding: page.mentions.length };
    this.#pages.push(entry);
    for (const m of page.mentions) {
      const held = this.#inFlight.get(m.id);
      // The same id twice in flight (a post seen by two feeds): answers settle them in order.
      if (held === undefined) this.#inFlight.set(m.id, entry);
      else this.#inFlight.set(m.id, Array.isArray(held) ? [...held, entry] : [held, entry]);
    }
    this.#drain();
  }

  indexed(id: string): void {
    const entry = this.#take(id);
    if (!entry) return;
    entry.indexed++;
    entry.outstanding--;
    this.#drain();
  }

  rejected(document: Mention, rejection: Rejection): void {
    const entry = this.#take(rejection.id);
    if (!entry) return;
    entry.rejected.push({ document, rejection });
    entry.outstanding--;
    this.#drain();
  }

  /** Pages registered and not yet handed on (unanswered documents, or an earlier page's). */
  get waiting(): number {
    return this.#pages.length;
  }

  #take(id: string): Entry | undefined {
    const held = this.#inFlight.get(id);
    if (!Array.isArray(held)) {
      this.#inFlight.delete(id);
      return held;
    }
    const entry = held.shift();
    if (held.length === 1) this.#inFlight.set(id, held[0]!);
    return entry;
  }

  #drain() {
    while (this.#pages.length > 0 && this.#pages[0]!.outstanding === 0) {
      const { outstanding: _, ...page } = this.#pages.shift()!;
      this.onAcked(page);
    }
  }
}

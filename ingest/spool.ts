import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { events } from '../log/events.ts';
import type { Mention } from '../model/mention.ts';
import type { Problem } from './collector.ts';
import { readLines } from './file-tail.ts';

/**
 * An on-disk queue for items a source cannot fetch again (the X filtered stream): every item
 * is appended the moment it arrives, read back by the runner's pages, and forgotten only once
 * a committed cursor has moved past it. So an outage of Elasticsearch, or a restart, loses
 * nothing: the next runs drain what piled up.
 *
 * Files are segments `<name>.<generation>.jsonl` in `dir`. A read that reaches the end starts a
 * new segment, and a segment is deleted once a committed position lies in a later one.
 *
 * Bounded by `maxBytes`. When full, the newest items are refused (the oldest are kept, as
 * their order matters for stories): each refusal is counted (in `<name>.refused`, so a restart
 * keeps the count) and logged, and the next read reports the count as a problem, which lands in
 * the errors index. What was refused can still be fetched by the stream's search backfill
 * while it is inside X's 7-day search window.
 */
export interface SpoolPosition {
  generation: number;
  offset: number;
}

export interface SpoolRead {
  mentions: Mention[];
  /** Items refused since the last read because the spool was full; lines that do not parse. */
  problems: Problem[];
  /** Where the next read starts; commit it once `mentions` are indexed. */
  next: SpoolPosition;
  /** More items remain after these. */
  more: boolean;
}

export class Spool {
  private generation: number;
  private fd: number;
  private bytes: number;
  /** Items refused while full (kept on disk), and the part of them reported by a read not yet committed. */
  private refused: number;
  private reported?: { count: number; at: SpoolPosition };

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    const segments = this.segments();
    this.generation = segments.at(-1) ?? 0;
    this.fd = openSync(this.file(this.generation), 'a');
    // A crash in the middle of an append leaves a line without its newline: end it, so the
    // next item starts a line of its own (the broken one is reported when read).
    const size = statSync(this.file(this.generation)).size;
    if (size > 0 && !endsWithNewline(this.file(this.generation), size)) writeSync(this.fd, '\n');
    this.bytes = segments.reduce((sum, g) => sum + statSync(this.file(g)).size, 0);
    this.refused = existsSync(this.countFile) ? Number(readFileSync(this.countFile, 'utf8')) || 0 : 0;
  }

  private get countFile() {
    return join(this.dir, `${this.name}.refused`);
  }

  /** Keep the count of refused items on disk (written whole, then renamed over the old one). */
  private setRefused(count: number) {
    this.refused = count;
    if (count === 0) return rmSync(this.countFile, { force: true });
    writeFileSync(`${this.countFile}.tmp`, String(count));
    renameSync(`${this.countFile}.tmp`, this.countFile);
  }

  private file(generation: number) {
    return join(this.dir, `${this.name}.${generation}.jsonl`);
  }

  private segments(): number[] {
    const pattern = new RegExp(`^${this.name.replace(/[.]/g, '\\.')}\\.(\\d+)\\.jsonl$`);
    return readdirSync(this.dir).flatMap((f) => (pattern.exec(f) ? [Number(pattern.exec(f)![1])] : [])).sort((a, b) => a - b);
  }

  /** Append one item, synchronously so it is on disk before anything else happens. False when full. */
  append(mention: Mention): boolean {
    const line = Buffer.from(`${JSON.stringify(mention)}\n`);
    if (this.bytes + line.length > this.maxBytes) {
      this.setRefused(this.refused + 1);
      if (this.refused === 1 || this.refused % 1000 === 0) events.spoolFull(this.name, this.dir, this.maxBytes, this.refused);
      return false;
    }
    writeSync(this.fd, line);
    this.bytes += line.length;
    return true;
  }

  /** Up to `max` items after the committed position `from` (undefined: from the oldest kept). */
  async read(from: SpoolPosition | undefined, max: number): Promise<SpoolRead> {
    const problems: Problem[] = [];
    // A report counts once the page that carried it is committed; until then it is repeated.
    if (this.reported && from && !before(from, this.reported.at)) {
      this.setRefused(this.refused - this.reported.count);
      this.reported = undefined;
    }
    const segments = this.segments();
    // Segments wholly before the committed position are indexed, and so is a closed one it
    // ends: free their room.
    for (const g of segments) {
      const size = statSync(this.file(g)).size;
      if (from && (g < from.generation || (g === from.generation && g !== this.generation && from.offset >= size))) {
        this.bytes -= size;
        rmSync(this.file(g));
      }
    }
    const kept = this.segments();
    let position = from && kept.includes(from.generation) ? { ...from } : { generation: kept.find((g) => !from || g > from.generation) ?? this.generation, offset: 0 };
    const mentions: Mention[] = [];
    for (;;) {
      const file = await open(this.file(position.generation), 'r');
      const { lines, offset } = await readLines(file, position.offset, max - mentions.length, false).finally(() => file.close());
      for (const line of lines) {
        try {
          mentions.push(JSON.parse(line) as Mention);
        } catch {
          problems.push({ where: `spool ${this.file(position.generation)}`, errorType: 'parse', message: 'stream spool: a post cut short by a crash while it was written' });
        }
      }
      position = { generation: position.generation, offset };
      if (mentions.length >= max) break;
      const later = this.segments().find((g) => g > position.generation);
      if (later === undefined) break;
      position = { generation: later, offset: 0 };
    }
    // Everything written so far is read: new items go to a new segment, so this one can be
    // deleted once the position after it is committed.
    const atEnd = position.generation === this.generation && position.offset === statSync(this.file(this.generation)).size;
    if (atEnd && position.offset > 0) this.roll();
    if (this.refused) {
      const message = `stream spool: full (${this.maxBytes} bytes in ${this.dir}); ${this.refused} posts were not kept (the search backfill fetches those still inside X's 7-day window)`;
      problems.push({ where: `spool ${this.name}`, errorType: 'spool_full', message });
      this.reported = { count: this.refused, at: position };
    }
    return { mentions, problems, next: position, more: !atEnd };
  }

  private roll() {
    closeSync(this.fd);
    this.generation++;
    this.fd = openSync(this.file(this.generation), 'a');
  }

  close() {
    closeSync(this.fd);
  }
}

const before = (a: SpoolPosition, b: SpoolPosition) => a.generation < b.generation || (a.generation === b.generation && a.offset < b.offset);

function endsWithNewline(path: string, size: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * A bounded buffer between two pipeline stages (Vector's topology buffers): `push` waits while
 * the buffer is full, so a slow stage downstream slows the one upstream instead of filling
 * memory; the reader waits while it is empty. `close()` ends the reader once the buffer is
 * drained; `fail(error)` makes both sides throw at once (a stage died, the others stop).
 *
 * Two extras serve the sink's retries: `pushNow` adds past the capacity (an item that comes
 * back must not wait behind new ones, and its producer cannot block), and `hold()` keeps a
 * closed channel's reader waiting while a late item (a retry on a timer) may still come.
 * `next()` may be called again after it said done: items pushed since are read then.
 */
export class Channel<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #closed = false;
  #error: unknown;
  #holds = 0;
  #readers: (() => void)[] = [];
  #writers: (() => void)[] = [];

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`channel: Expected \`capacity\` to be a number >= 1, got \`${capacity}\``);
  }

  /** Items buffered or still expected (held): false once a closed channel has nothing more to give. */
  get pending(): boolean {
    return this.#items.length > 0 || this.#holds > 0;
  }

  async push(item: T): Promise<void> {
    while (this.#items.length >= this.capacity && this.#error === undefined) await new Promise<void>((r) => this.#writers.push(r));
    if (this.#error !== undefined) throw this.#error;
    this.#items.push(item);
    this.#wake(this.#readers);
  }

  pushNow(item: T): void {
    this.#items.push(item);
    this.#wake(this.#readers);
  }

  /** Announce a late item; call the returned function once it is pushed (or given up). */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      this.#wake(this.#readers);
    };
  }

  close(): void {
    this.#closed = true;
    this.#wake(this.#readers);
  }

  fail(error: unknown): void {
    this.#error ??= error ?? new Error('channel failed');
    this.#wake(this.#readers);
    this.#wake(this.#writers);
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.#error !== undefined) throw this.#error;
      if (this.#items.length > 0) {
        const value = this.#items.shift()!;
        this.#writers.shift()?.();
        return { value, done: false };
      }
      if (this.#closed && this.#holds === 0) return { value: undefined, done: true };
      await new Promise<void>((r) => this.#readers.push(r));
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (let r = await this.next(); !r.done; r = await this.next()) yield r.value;
  }

  #wake(waiting: (() => void)[]) {
    for (const wake of waiting.splice(0)) wake();
  }
}

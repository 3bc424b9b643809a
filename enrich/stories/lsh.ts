import { jaccard, minhashOf } from './text.ts';

/**
 * Locality-sensitive hashing over MinHash signatures: 24 bands of 2 rows, so two texts with
 * Jaccard 0.5 share a bucket with probability 1 − (1 − 0.5²)²⁴ ≈ 0.999 and texts at 0.1 with
 * ≈ 0.21 (those are then rejected by the exact Jaccard check). Each bucket keeps its entries
 * sorted by time, so looking up "earlier near-duplicates within the window" is a binary search
 * plus a short scan, whatever the bucket's size: cost per mention stays constant.
 */
const BANDS = 24;
const ROWS = 2;
/** Entries scanned per bucket per lookup: bounds the cost when thousands of copies share a bucket. */
const SCAN = 16;
/** Later entries re-checked per bucket when an earlier one arrives late. */
const RECHECK = 64;

export interface TextEntry {
  id: string;
  time: number;
  /** Its content words' hashes, sorted (text.ts `wordHashes`). */
  words: Uint32Array;
  /** The text's band keys, computed at the first use (24 numbers: ~150 bytes an entry). */
  bands?: Int32Array;
  /**
   * Bit `hash % 60` of each of its words, computed with the band keys, in two small integers
   * (bits 0–29 here, 30–59 in `sketch2`): the bits two texts have in common bound the words
   * they share (`near`), and so their Jaccard similarity, without reading either's words.
   */
  sketch?: number;
  sketch2?: number;
}

export const earlier = (a: { time: number; id: string }, b: { time: number; id: string }) =>
  a.time < b.time || (a.time === b.time && a.id < b.id);

/** A bucket: one entry (most buckets), or several sorted by time. */
type Bucket = TextEntry | TextEntry[];
const list = (b: Bucket | undefined): readonly TextEntry[] => (b === undefined ? [] : Array.isArray(b) ? b : [b]);

export class TextIndex {
  /**
   * Band key → bucket. Keys are 30-bit numbers, small integers to V8 (hashed and stored without
   * boxing); two band values on one key only add a candidate the similarity check rejects.
   * Single entries are stored bare: with mostly unique texts nearly every bucket holds one
   * entry, and string keys plus an array per bucket cost ~5 KB per text (3/4 of the tracker's
   * memory), this ~1 KB (plus the kept band keys).
   */
  private readonly buckets = new Map<number, Bucket>();
  /** Every indexed entry, and the newest time among them: for `prune`. */
  private readonly entries = new Set<TextEntry>();
  private newest = -Infinity;
  /** `prune` scans again once the index has grown to this size. */
  private scanAt = 1024;

  constructor(
    private readonly windowMs: number,
    private readonly threshold: number,
  ) {}

  /**
   * The band keys of a text (48 hashes per word), kept on the entry: a late arrival or a reloaded
   * story makes the tracker look up the same texts again and again.
   */
  private keys(entry: TextEntry): Int32Array {
    if (entry.bands) return entry.bands;
    const sig = minhashOf(entry.words, BANDS * ROWS);
    const keys = new Int32Array(BANDS);
    for (let b = 0; b < BANDS; b++) keys[b] = mixBand(sig[b * ROWS + 1]!, mixBand(sig[b * ROWS]!, b + 1)) >>> 2;
    let sketch = 0;
    let sketch2 = 0;
    for (const h of entry.words) {
      const bit = h % 60;
      if (bit < 30) sketch |= 1 << bit;
      else sketch2 |= 1 << (bit - 30);
    }
    entry.sketch = sketch;
    entry.sketch2 = sketch2;
    return (entry.bands = keys);
  }

  /**
   * Is `c` a near-duplicate of `entry`? The sketches rule out most candidates in a few
   * operations: a shared word has its bit set in both sketches, and a bit set in both stands for
   * one of `entry`'s words, or for more only where its own words share a bit (`spare`, the count
   * of those), so shared words ≤ k = common bits + spare, and Jaccard ≤ k / (|a| + |b| − k).
   * Only the rest are compared word by word. (With 30 bits, texts of ~15 words sharing a brand's
   * phrasing passed half the time and were compared word by word; 60 bits halve that work.)
   */
  private near(c: TextEntry, entry: TextEntry, spare: number): boolean {
    const k = bitCount(c.sketch! & entry.sketch!) + bitCount(c.sketch2! & entry.sketch2!) + spare;
    if (k < this.threshold * (entry.words.length + c.words.length - k)) return false;
    return jaccard(c.words, entry.words) >= this.threshold;
  }

  /** `entry`'s words beyond the bits of its sketch (see `near`); computes its keys and sketch. */
  private spare(entry: TextEntry): number {
    this.keys(entry);
    return entry.words.length - bitCount(entry.sketch!) - bitCount(entry.sketch2!);
  }

  /** Index an entry (once per id: the tracker adds each node once). */
  add(entry: TextEntry): void {
    this.entries.add(entry);
    if (entry.time > this.newest) this.newest = entry.time;
    for (const key of this.keys(entry)) {
      const bucket = this.buckets.get(key);
      if (bucket === undefined) this.buckets.set(key, entry);
      else if (!Array.isArray(bucket)) this.buckets.set(key, earlier(entry, bucket) ? [entry, bucket] : [bucket, entry]);
      else {
        // In-order arrival appends; late arrivals are spliced into place.
        const i = earlier(entry, bucket[bucket.length - 1]!) ? after(bucket, entry) : bucket.length;
        if (i === bucket.length) bucket.push(entry);
        else bucket.splice(i, 0, entry);
      }
    }
  }

  /**
   * Forget entries, as they were added (their stories were evicted from memory). All at once: a
   * bucket shared by thousands of texts is compacted once per call, not spliced once per entry.
   */
  remove(entries: Iterable<TextEntry>): void {
    const gone = new Set(entries);
    const shared = new Set<number>();
    for (const entry of gone) {
      this.entries.delete(entry);
      for (const key of this.keys(entry)) {
        const bucket = this.buckets.get(key);
        if (bucket === undefined) continue;
        if (Array.isArray(bucket)) shared.add(key);
        else if (bucket === entry) this.buckets.delete(key);
      }
    }
    for (const key of shared) {
      const bucket = this.buckets.get(key) as TextEntry[];
      let kept = 0;
      for (const e of bucket) if (!gone.has(e)) bucket[kept++] = e;
      bucket.length = kept;
      if (kept === 0) this.buckets.delete(key);
      else if (kept === 1) this.buckets.set(key, bucket[0]!);
    }
  }

  /** Texts published before this are forgotten (`prune`): no post in order can choose them. */
  get horizon(): number {
    return this.newest - 2 * this.windowMs;
  }

  /**
   * Forget the entries published more than two windows before the newest one, and return them.
   * No post published since can choose them, and a post arriving up to one window late still
   * finds every entry it could choose or be chosen by: what is older only matters to posts
   * arriving later than that (docs/stories.md). Scans only once the index has grown by half
   * since the last scan, so the cost per entry stays constant.
   */
  prune(): TextEntry[] {
    if (this.entries.size < this.scanAt) return [];
    const horizon = this.horizon;
    const old: TextEntry[] = [];
    for (const e of this.entries) if (e.time < horizon) old.push(e);
    // Every entry before the horizon goes: in each bucket (sorted by time), a prefix.
    for (const entry of old) {
      this.entries.delete(entry);
      for (const key of this.keys(entry)) {
        const bucket = this.buckets.get(key);
        if (bucket === undefined) continue;
        if (!Array.isArray(bucket)) {
          if (bucket.time < horizon) this.buckets.delete(key);
          continue;
        }
        const cut = lowerBound(bucket, horizon);
        if (cut === bucket.length) this.buckets.delete(key);
        else if (cut === bucket.length - 1) this.buckets.set(key, bucket[cut]!);
        else if (cut > 0) bucket.splice(0, cut);
      }
    }
    this.scanAt = Math.max(1024, this.entries.size * 1.5);
    return old;
  }

  /** The earliest indexed near-duplicate published before `entry`, within the window. */
  earliestBefore(entry: TextEntry): TextEntry | undefined {
    let best: TextEntry | undefined;
    const spare = this.spare(entry);
    for (const key of this.keys(entry)) {
      const bucket = list(this.buckets.get(key));
      let i = lowerBound(bucket, entry.time - this.windowMs);
      for (let n = 0; i < bucket.length && n < SCAN; i++, n++) {
        const c = bucket[i]!;
        if (!earlier(c, entry)) break;
        if (best && !earlier(c, best)) break;
        if (this.near(c, entry, spare)) {
          best = c;
          break;
        }
      }
    }
    return best;
  }

  /**
   * Near-duplicates of `entry` published just after it (within the window): a late arrival may
   * be their earlier near-duplicate, and texts that are not near-duplicates cannot choose it
   * (a reloaded story's texts thus re-place few others). At most RECHECK per bucket, nearest
   * first, so a burst of thousands of copies arriving shuffled stays linear; the copies beyond
   * keep a later copy as parent (same story, see docs/stories.md).
   */
  laterNeighbours(entry: TextEntry): string[] {
    const out = new Set<string>();
    const spare = this.spare(entry);
    for (const key of this.keys(entry)) {
      const bucket = list(this.buckets.get(key));
      let i = after(bucket, entry);
      for (let n = 0; i < bucket.length && n < RECHECK && bucket[i]!.time - entry.time <= this.windowMs; i++, n++) {
        const c = bucket[i]!;
        if (!out.has(c.id) && this.near(c, entry, spare)) out.add(c.id);
      }
    }
    return [...out];
  }
}

/** Bits set in a 32-bit integer. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** murmur3's finaliser, mixing a band's hash value with a seed. */
function mixBand(x: number, seed: number): number {
  let h = (x ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Index of the first entry later than `entry` (binary search on time, then id). */
function after(bucket: readonly TextEntry[], entry: TextEntry): number {
  let lo = 0;
  let hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (earlier(entry, bucket[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function lowerBound(bucket: readonly TextEntry[], time: number): number {
  let lo = 0;
  let hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bucket[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * eld's n-gram scoring (eld 2.1.0, `medium` database), restricted to the configured languages.
 *
 * Why not `eld.detect()`: it sums every n-gram of the text over all 60 languages (for-in over
 * per-n-gram objects), builds an object set of n-grams and a result object per call, and a
 * language subset only filters the finished scores. That was ~27 µs per mention, a third of the
 * whole enrich stage. Here the database is compiled once into a hash table holding only the
 * n-grams some configured language has (~11,000 of 105,000 for sv/en/no/da), each with a dense
 * array of scores, so a text costs one table lookup per distinct n-gram and a few additions.
 *
 * A call allocates nothing but the returned array: eld's tokenising and byte encoding are done in
 * one pass over the text into a reused byte buffer (no strings), an n-gram (3 to 6 bytes) is
 * packed into two int32s, and the text's distinct n-grams are found in a reused table stamped
 * with the call's number (no Set). A text with a letter whose lower case depends on its context
 * or is two characters (Σ, İ) takes eld's string functions instead, as eld does.
 *
 * The arithmetic is eld's own, step for step (tokenising, byte encoding, n-grams, sums, scale),
 * so the scores equal `eld.detect(text).getScores()` for these languages;
 * test/enrich/language-ngrams.test.ts checks that on the evaluation texts and edge cases. eld
 * does not export these internals, so its database is read, and its byte dictionary and separator
 * pattern imported, by file from the installed package (pinned to 2.1.0 in package.json).
 */
const eldSrc = new URL('../', import.meta.resolve('eld/medium'));
const [{ dictionary }, { separators }] = (await Promise.all([
  import(new URL('dictionary.js', eldSrc).href),
  import(new URL('regexPatterns.js', eldSrc).href),
])) as [{ dictionary: string[] }, { separators: RegExp }];

/** eld stores n-gram scores minus this minimum to keep its database small. */
const baseNgramScore = 53;
/** eld's scale for the raw score per n-gram: score = s / (s + 25). */
const scale = 25;

/**
 * Byte codes. eld writes a byte < 0x80 as its own character and a byte ≥ 0x80 as
 * `dictionary[byte]`, and compares n-grams as strings: two bytes are the same to it when their
 * characters are (many bytes ≥ 0x80 are written ' ', like a space). Each character eld can write
 * gets a code 1..255 (ASCII c → c + 1, the dictionary's others from 129), so an n-gram of 3 to 6
 * characters is exact in two int32s: characters 0–3 in `lo`, 4–5 in `hi`, 8 bits each (no code
 * is 0, so n-grams of different lengths differ too).
 */
const codeOf = new Map<string, number>();
for (let c = 0; c < 0x80; c++) codeOf.set(String.fromCharCode(c), c + 1);
for (const ch of dictionary) if (!codeOf.has(ch)) codeOf.set(ch, codeOf.size + 1);
if (dictionary.length !== 256 || dictionary.some((ch) => ch.length !== 1) || codeOf.size > 255) {
  throw new Error('eld: unexpected format of dictionary.js');
}
/** The code of each byte as eld writes it. */
const byteCode = Uint8Array.from({ length: 256 }, (_, b) => codeOf.get(b < 0x80 ? String.fromCharCode(b) : dictionary[b]!)!);
const space = byteCode[32]!;

/** The same multiplicative hash for both tables; each takes its top bits. */
const mix = (lo: number, hi: number) => Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);

const isApostrophe = (c: number) => c === 0x27 || c === 0x60 || c === 0x2019;
/** charMap value of a letter that takes eld's string functions (see buildCharMap). */
const exact = 0xffff;
let charMap: Uint16Array | undefined;

/**
 * eld's tokenising, `text.replace(separators, ' ').trim().toLowerCase()`, as a table over UTF-16
 * code units: 0 for a non-letter, the lower case for a letter, the character itself for an
 * apostrophe (', `, ’), `exact` for a letter whose lower case is not one character of its own
 * (İ → i̇; Σ → σ or, at a word's end, ς). `separators` is `[^<letters>]+(?<![\x27\x60\u2019])`
 * (flags gu) with only letters of the BMP: a run of non-letters becomes one space up to its last
 * character that is not an apostrophe, and the apostrophes after that stay. Anything else means
 * the pinned file changed, and fails loudly. Built once per process (~8 ms).
 */
function buildCharMap(): Uint16Array {
  const source = separators.source;
  const tail = String.raw`]+(?<![\x27\x60\u2019])`;
  const letters = source.slice(2, -tail.length);
  // Letters beyond the BMP (a surrogate, literal or escaped, or a \u{...} escape) would need code points.
  const astral = /[\ud800-\udfff]|\\u\{|\\u[dD][89a-fA-F]/;
  if (!source.startsWith('[^') || !source.endsWith(tail) || separators.flags !== 'gu' || astral.test(letters)) {
    throw new Error('eld: unexpected separators pattern in regexPatterns.js');
  }
  const letter = new RegExp(`[${letters}]`, 'u');
  const map = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (!letter.test(ch)) {
      if (isApostrophe(c)) map[c] = c;
      continue;
    }
    const lower = ch.toLowerCase();
    const l = lower.charCodeAt(0);
    const plain = lower.length === 1 && c !== 0x3a3 && l !== 32 && !isApostrophe(l) && (l < 0xd800 || l >= 0xe000);
    map[c] = plain ? l : exact;
  }
  return map;
}

interface Compiled {
  known: { id: string; code: string }[];
  /** Open-addressing hash table (linear probing, at most half full) of the n-grams' codes. */
  keysLo: Int32Array;
  keysHi: Int32Array;
  /** Offset of each slot's scores in `table`. */
  offsets: Int32Array;
  shift: number;
  table: Float64Array;
}

// Compiling reads eld's 105,000 n-grams (~150 ms): done once per language list and process.
const compiled = new Map<string, Compiled>();

/**
 * The database is read as text rather than imported: importing the 2 MB module builds every
 * n-gram of 60 languages as objects and keeps them for the life of the process (+60 MB of heap,
 * +160 MB of RSS at start-up). Its format is an object literal:
 * `languages:{0:'am',...}` and `ngrams:{' abc':{11:3,59:52},L_QL:{59:52},...}`, keys bare or quoted with `'`, whose
 * only escapes are `\'` and `\\`, of 3 to 6 characters eld can write; anything else means the
 * pinned file changed, and fails loudly.
 */
function compile(languages: string[]): Compiled {
  const text = readFileSync(fileURLToPath(new URL('ngrams/medium.js', eldSrc)), 'utf8');
  const languageList = /languages:\{([^}]*)\}/.exec(text);
  const ngramsAt = text.indexOf('ngrams:{');
  if (!languageList || ngramsAt < 0) throw new Error('eld: unexpected format of ngrams/medium.js');
  const known = [...languageList[1]!.matchAll(/(\d+):'([^']*)'/g)]
    .map(([, id, code]) => ({ id: id!, code: code! }))
    .filter((l) => languages.includes(l.code));
  // N-gram → offset of its scores in one flat array (a language the n-gram lacks adds 0, as
  // in eld's sum): the scores stay together in memory.
  const offsetOf = new Map<string, number>();
  const flat: number[] = [];
  const byLang = new Map<string, number>();
  const entry = /[{,](?:'((?:[^'\\]|\\.)*)'|([^'{}:,\s]+)):\{([^}]*)\}/g;
  entry.lastIndex = ngramsAt;
  for (let m = entry.exec(text); m; m = entry.exec(text)) {
    byLang.clear();
    for (const pair of m[3]!.split(',')) {
      const colon = pair.indexOf(':');
      byLang.set(pair.slice(0, colon), Number(pair.slice(colon + 1)));
    }
    const gram = m[2] ?? m[1]!.replace(/\\(.)/g, (_, c: string) => {
      if (c !== "'" && c !== '\\') throw new Error(`eld: unexpected escape \\${c} in ngrams/medium.js`);
      return c;
    });
    // A later duplicate key replaces the earlier one, as in the object literal.
    if (!known.some((l) => byLang.has(l.id))) {
      offsetOf.delete(gram);
      continue;
    }
    offsetOf.set(gram, flat.length);
    for (const l of known) flat.push(byLang.has(l.id) ? byLang.get(l.id)! + baseNgramScore : 0);
  }
  const bits = Math.max(4, Math.ceil(Math.log2(offsetOf.size * 2)));
  const mask = (1 << bits) - 1;
  const keysLo = new Int32Array(mask + 1);
  const keysHi = new Int32Array(mask + 1);
  const offsets = new Int32Array(mask + 1);
  for (const [gram, offset] of offsetOf) {
    if (gram.length < 3 || gram.length > 6) throw new Error(`eld: unexpected n-gram of ${gram.length} characters in ngrams/medium.js`);
    let lo = 0;
    let hi = 0;
    for (let q = 0; q < gram.length; q++) {
      const code = codeOf.get(gram[q]!);
      if (code === undefined) throw new Error(`eld: unexpected character U+${gram.charCodeAt(q).toString(16)} in ngrams/medium.js`);
      if (q < 4) lo |= code << (8 * q);
      else hi |= code << (8 * (q - 4));
    }
    let d = mix(lo, hi) >>> (32 - bits);
    while (keysLo[d] !== 0) d = (d + 1) & mask;
    keysLo[d] = lo;
    keysHi[d] = hi;
    offsets[d] = offset;
  }
  return { known, keysLo, keysHi, offsets, shift: 32 - bits, table: Float64Array.from(flat) };
}

/**
 * Scores of a text for each of `languages` that eld knows (in eld's order, which is
 * alphabetical: ties go to the first, as in eld), 0 when a language did not score.
 */
export function createNgramScorer(languages: string[]) {
  const key = [...new Set(languages)].sort().join(',');
  let c = compiled.get(key);
  if (!c) compiled.set(key, (c = compile(languages)));
  const { known, keysLo, keysHi, offsets, shift, table } = c;
  const mask = keysLo.length - 1;
  const map = (charMap ??= buildCharMap());
  const k = known.length;

  // Reused between calls. The text's bytes as codes, words one after the other (eld stops
  // after the character that passes 380 bytes: at most 384).
  const bytes = new Uint8Array(384);
  // The text's distinct n-grams (eld counts each once): a slot is taken when stamped with the
  // call's number, so the table needs no clearing. A text has at most ~200 n-grams.
  const seenLo = new Int32Array(1024);
  const seenHi = new Int32Array(1024);
  const seenCall = new Int32Array(1024);
  // A word over 71 bytes ends in an n-gram of 7 or more bytes (see wordEnd), never in the
  // database: start and end in `bytes` of each distinct one, to count it (at most 5 a text).
  const longs = new Int32Array(16);
  const raw = new Float64Array(k);
  let call = 0;
  let distinct = 0;
  let longEnd = 0;
  let end = 0; // of the bytes written
  let wordStart = 0;
  let count = 0; // eld's byte count: the bytes written and the spaces between words

  const add = (lo: number, hi: number) => {
    const h = mix(lo, hi);
    let s = h >>> 22;
    for (; seenCall[s] === call; s = (s + 1) & 1023) if (seenLo[s] === lo && seenHi[s] === hi) return;
    seenCall[s] = call;
    seenLo[s] = lo;
    seenHi[s] = hi;
    distinct++;
    for (let d = h >>> shift; keysLo[d] !== 0; d = (d + 1) & mask) {
      if (keysLo[d] === lo && keysHi[d] === hi) {
        const at = offsets[d]!;
        for (let l = 0; l < k; l++) raw[l]! += table[at + l]!;
        return;
      }
    }
  };

  const addLong = (from: number, to: number) => {
    for (let q = 0; q < longEnd; q += 2) {
      const f = longs[q]!;
      if (longs[q + 1]! - f !== to - from) continue;
      let i = 0;
      while (i < to - from && bytes[f + i] === bytes[from + i]) i++;
      if (i === to - from) return;
    }
    longs[longEnd++] = from;
    longs[longEnd++] = to;
    distinct++;
  };

  /**
   * eld's n-grams of the word bytes[wordStart..end): 4 bytes with a stride of 3 within its first
   * 70, a leading space on the first, a trailing one on the last.
   */
  const wordEnd = () => {
    const b = bytes;
    const size = end - wordStart;
    const len = size < 70 ? size : 70;
    let j = 0;
    for (; j + 4 < len; j += 3) {
      const p = wordStart + j;
      if (j === 0) add(space | (b[p]! << 8) | (b[p + 1]! << 16) | (b[p + 2]! << 24), b[p + 3]!);
      else add(b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24), 0);
    }
    if (j === 0) {
      // ' ' + word + ' ' (a word of 1 to 4 bytes).
      let lo = space;
      let hi = 0;
      for (let q = 1; q <= size + 1; q++) {
        const code = q <= size ? b[wordStart + q - 1]! : space;
        if (q < 4) lo |= code << (8 * q);
        else hi |= code << (8 * (q - 4));
      }
      add(lo, hi);
    } else {
      // eld's substring(len - 4) runs to the word's end, not to len: 4 bytes, or more past 70.
      const p = wordStart + len - 4;
      const four = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
      if (end - p === 4) add(four, space);
      else if (end - p === 5) add(four, b[p + 4]! | (space << 8));
      else addLong(p, end);
    }
    wordStart = end;
  };

  /** One character (of the BMP, not a space) in UTF-8; false when eld stops (past 380 bytes). */
  const put = (ch: number) => {
    if (ch < 0x80) {
      bytes[end++] = byteCode[ch]!;
      count++;
    } else if (ch < 0x800) {
      bytes[end++] = byteCode[0xc0 | (ch >> 6)]!;
      bytes[end++] = byteCode[0x80 | (ch & 0x3f)]!;
      count += 2;
    } else {
      bytes[end++] = byteCode[0xe0 | (ch >> 12)]!;
      bytes[end++] = byteCode[0x80 | ((ch >> 6) & 0x3f)]!;
      bytes[end++] = byteCode[0x80 | (ch & 0x3f)]!;
      count += 3;
    }
    return count <= 380;
  };

  /** A space: ends a word; false when eld stops (a space past 350 bytes). */
  const gap = () => {
    if (end > wordStart) wordEnd();
    if (count > 350) return false;
    return ++count <= 380;
  };

  /** The text through charMap; false (at once) when it needs eld's string functions. */
  const scanText = (text: string): boolean => {
    const n = Math.min(text.length, 1000);
    for (let i = 0; i < n; ) {
      let m = map[text.charCodeAt(i)]!;
      if (m !== 0 && !isApostrophe(m)) {
        if (m === exact) return false;
        if (!put(m)) return true;
        i++;
        continue;
      }
      // A run of non-letters: one space for it up to its last non-apostrophe, if any, except at
      // the text's start (trim; one at its end changes nothing); the apostrophes after that stay.
      let e = i;
      let last = i - 1;
      for (; e < n; e++) {
        m = map[text.charCodeAt(e)]!;
        if (m === 0) last = e;
        else if (!isApostrophe(m)) break;
      }
      if (last >= i && count > 0 && !gap()) return true;
      for (let q = last + 1; q < e; q++) if (!put(text.charCodeAt(q))) return true;
      i = e;
    }
    return true;
  };

  /** eld's own way: its string functions, then its byte encoding of every character. */
  const scanExact = (text: string) => {
    const str = text.substring(0, 1000).replace(separators, ' ').trim().toLowerCase();
    for (let i = 0; i < str.length; i++) {
      let ch = str.charCodeAt(i);
      if (ch === 32) {
        if (!gap()) return;
      } else if (ch < 0xd800 || ch >= 0xe000) {
        if (!put(ch)) return;
      } else {
        i++;
        ch = 0x10000 + (((ch & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
        bytes[end++] = byteCode[0xf0 | (ch >> 18)]!;
        bytes[end++] = byteCode[0x80 | ((ch >> 12) & 0x3f)]!;
        bytes[end++] = byteCode[0x80 | ((ch >> 6) & 0x3f)]!;
        bytes[end++] = byteCode[0x80 | (ch & 0x3f)]!;
        if ((count += 4) > 380) return;
      }
    }
  };

  const begin = () => {
    if (++call === 0x7fffffff) {
      seenCall.fill(0);
      call = 1;
    }
    raw.fill(0);
    distinct = longEnd = end = wordStart = count = 0;
  };

  const score = (text: string): Float64Array => {
    begin();
    if (!scanText(text)) {
      begin();
      scanExact(text);
    }
    if (end > wordStart) wordEnd();
    const out = new Float64Array(k);
    for (let l = 0; l < k; l++) {
      const perGram = raw[l]! / distinct;
      out[l] = raw[l]! > 0 ? perGram / (perGram + scale) : 0;
    }
    return out;
  };
  return { languages: known.map((l) => l.code), score };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * eld's n-gram scoring (eld 2.1.0, `medium` database), restricted to the configured languages.
 *
 * Why not `eld.detect()`: it sums every n-gram of the text over all 60 languages (for-in over
 * per-n-gram objects), builds an object set of n-grams and a result object per call, and a
 * language subset only filters the finished scores. That was ~27 µs per mention, a third of the
 * whole enrich stage. Here the database is compiled once into a Map holding only the n-grams
 * some configured language has (~11,000 of 105,000 for sv/en/no/da), each with a dense array of
 * scores, so a text costs one Map lookup per n-gram and a few additions (~5 µs).
 *
 * The arithmetic is eld's own, step for step (tokenising, byte encoding, n-grams, sums, scale),
 * so the scores equal `eld.detect(text).getScores()` for these languages;
 * test/enrich/language-ngrams.test.ts checks that on the evaluation texts. eld does not export
 * these internals, so its database is read, and its byte dictionary and separator pattern imported, by file
 * from the installed package (pinned to 2.1.0 in package.json).
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

/** eld's byte encoding of lower-case text, split into words, cut after ~350 bytes (its limits). */
function byteWords(str: string): string[] {
  const words: string[] = [];
  let encoded = '';
  let bytes = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32) {
        if (encoded !== '') words.push(encoded);
        encoded = '';
        if (bytes > 350) break;
      } else encoded += str[i];
      bytes++;
    } else if (c < 0x800) {
      encoded += dictionary[0xc0 | (c >> 6)]! + dictionary[0x80 | (c & 0x3f)]!;
      bytes += 2;
    } else if (c < 0xd800 || c >= 0xe000) {
      encoded += dictionary[0xe0 | (c >> 12)]! + dictionary[0x80 | ((c >> 6) & 0x3f)]! + dictionary[0x80 | (c & 0x3f)]!;
      bytes += 3;
    } else {
      i++;
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      encoded +=
        dictionary[0xf0 | (c >> 18)]! + dictionary[0x80 | ((c >> 12) & 0x3f)]! + dictionary[0x80 | ((c >> 6) & 0x3f)]! + dictionary[0x80 | (c & 0x3f)]!;
      bytes += 4;
    }
    if (bytes > 380) break;
  }
  if (encoded !== '') words.push(encoded);
  return words;
}

interface Compiled {
  known: { id: string; code: string }[];
  offsets: Map<string, number>;
  table: Float64Array;
}

// Compiling reads eld's 105,000 n-grams (~60 ms): done once per language list and process.
const compiled = new Map<string, Compiled>();

/**
 * The database is read as text rather than imported: importing the 2 MB module builds every
 * n-gram of 60 languages as objects and keeps them for the life of the process (+60 MB of heap,
 * +160 MB of RSS at start-up). Its format is an object literal:
 * `languages:{0:'am',...}` and `ngrams:{' abc':{11:3,59:52},L_QL:{59:52},...}`, keys bare or quoted with `'`, whose
 * only escapes are `\'` and `\\`; anything else means the pinned file changed, and fails loudly.
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
  // in eld's sum): one Map lookup per n-gram, and the scores stay together in memory.
  const offsets = new Map<string, number>();
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
      offsets.delete(gram);
      continue;
    }
    offsets.set(gram, flat.length);
    for (const l of known) flat.push(byLang.has(l.id) ? byLang.get(l.id)! + baseNgramScore : 0);
  }
  return { known, offsets, table: Float64Array.from(flat) };
}

/**
 * Scores of a text for each of `languages` that eld knows (in eld's order, which is
 * alphabetical: ties go to the first, as in eld), 0 when a language did not score.
 */
export function createNgramScorer(languages: string[]) {
  const key = [...new Set(languages)].sort().join(',');
  let c = compiled.get(key);
  if (!c) compiled.set(key, (c = compile(languages)));
  const { known, offsets, table } = c;
  const k = known.length;
  // Reused between calls: the distinct n-grams of one text (eld counts each once).
  const grams = new Set<string>();
  const raw = new Float64Array(k);

  const score = (text: string): Float64Array => {
    const words = byteWords(text.substring(0, 1000).replace(separators, ' ').trim().toLowerCase());
    grams.clear();
    for (const word of words) {
      const len = Math.min(word.length, 70);
      // eld's n-grams: 4 bytes with a stride of 3, a leading space on the first, a trailing one on the last.
      let j = 0;
      for (; j + 4 < len; j += 3) grams.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
      grams.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
    }
    raw.fill(0);
    for (const gram of grams) {
      const at = offsets.get(gram);
      if (at !== undefined) for (let l = 0; l < k; l++) raw[l]! += table[at + l]!;
    }
    const out = new Float64Array(known.length);
    for (let l = 0; l < raw.length; l++) {
      const perGram = raw[l]! / grams.size;
      out[l] = raw[l]! > 0 ? perGram / (perGram + scale) : 0;
    }
    return out;
  };
  return { languages: known.map((l) => l.code), score };
}

import englishStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import swedishStemmer from 'natural/lib/natural/stemmers/porter_stemmer_sv.js';
import englishStop from 'natural/lib/natural/util/stopwords.js';
import swedishStop from 'natural/lib/natural/util/stopwords_sv.js';
import { memoize } from '../memo.ts';

/**
 * Text fingerprints for near-duplicate detection: the set of stemmed content words of a post
 * (Swedish or English stemmer, stop words dropped) and its MinHash signature. Paraphrases
 * ("återkallar vinterjackor" / "återkallar sina vinterjackor") share most stems; unrelated
 * posts share few, so Jaccard similarity of the sets separates them.
 */
const swedish = new Set<string>(swedishStop.words);
/**
 * natural's English list (170 words) lacks negations and a few pronouns of the Snowball English
 * stop list (snowballstem.org), the pieces the tokenizer leaves of contractions ("don't" →
 * `don`), and `one`. Without them "not one jacket" and "one jacket" share content words, and a
 * negation would count as the claim's content.
 */
const englishExtra = [
  ...['yourselves', 'hers', 'herself', 'having', 'ought', 'against', 'down', 'off', 'once', 'no', 'nor', 'not', 'will', 'just', 'one'],
  ...['don', 'doesn', 'didn', 'isn', 'aren', 'wasn', 'weren', 'hasn', 'haven', 'hadn', 'won', 'wouldn', 'shouldn', 'couldn', 'mustn', 'shan', 'll', 've', 're'],
];
const english = new Set<string>([...englishStop.words, ...englishExtra]);
const word = /[\p{L}\p{N}]+/gu;
const noise = /https?:\/\/\S+|(?:^|\s)@[\w.]+/gu;

/** Stemmed content words, sorted and unique. Language: `sv`, `en`, or guessed from stop words. */
export function contentWords(text: string, language?: string): string[] {
  const words = (text.replace(noise, ' ').toLowerCase().match(word) ?? []).filter((w) => w.length > 1);
  let lang = language;
  if (lang !== 'sv' && lang !== 'en') {
    let sv = 0;
    let en = 0;
    for (const w of words) {
      if (swedish.has(w)) sv++;
      if (english.has(w)) en++;
    }
    lang = sv > en ? 'sv' : 'en';
  }
  const out = new Set<string>();
  const stem = lang === 'sv' ? stemSwedish : stemEnglish;
  for (const w of words) {
    if (swedish.has(w) || english.has(w)) continue;
    const s = /^\d+$/.test(w) ? w : stem(w);
    if (s !== undefined) out.add(s);
  }
  return [...out].sort();
}

// Stemming costs more than the rest of a text's fingerprint, and words repeat: remembered, bounded.
const stemSwedish = memoize((w) => swedishStemmer.stem(w), 100_000);
const stemEnglish = memoize((w) => {
  // A word whose stem is a stop word is one too ("ones" → `on`).
  const stem = englishStemmer.stem(w);
  return english.has(stem) ? undefined : stem;
}, 100_000);

/** Jaccard similarity of two sorted unique arrays (words, or their hashes). */
export function jaccard<T extends string | number>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (a.length === 0 && b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit permutation per seed. */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const seeds = Array.from({ length: 64 }, (_, i) => mix(i + 1, 0x9e3779b9));

/**
 * A text's words as their sorted 32-bit hashes: what near-duplicate matching keeps and compares
 * (a tenth of the memory of the strings, and comparing numbers is several times faster). Two
 * different words share a hash with odds of one in four billion.
 */
export function wordHashes(words: readonly string[]): Uint32Array {
  return new Uint32Array(words.map(fnv1a)).sort();
}

/** MinHash signature with `size` hash functions: P(sig_a[i] = sig_b[i]) = Jaccard(a, b). */
export function minhash(words: readonly string[], size: number): Uint32Array {
  return minhashOf(words.map(fnv1a), size);
}

/** The same from the words' hashes (`wordHashes`). */
export function minhashOf(hashes: ArrayLike<number>, size: number): Uint32Array {
  const sig = new Uint32Array(size).fill(0xffffffff);
  for (let w = 0; w < hashes.length; w++) {
    const h = hashes[w]!;
    for (let i = 0; i < size; i++) {
      const v = mix(h, seeds[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

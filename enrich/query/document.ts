import type { Mention } from '../../model/mention.ts';
import { analysisFor, type AnalysedWord, type Analysis } from '../stem.ts';
import { fold, textHandles, words } from '../text.ts';
import type { Matcher } from './compile.ts';

/**
 * A mention analysed once for every query: its words, each with the word tests it passes
 * (query terms registered with `Analysis.wordTest`: exact words and stems, wildcards,
 * compounds), plus hashtags, handles, author, links and language. Building it is the main
 * cost of matching, so the enricher builds it once; a query term then costs one bit test.
 */
export interface QueryDocument {
  /** The analysis that made it; queries must be compiled with the same one. */
  analysis: Analysis;
  /** Folded surface words in order (title first, then text). */
  words: string[];
  /** The analysed word at each position (its word tests: positions for NEAR and phrases). */
  analysed: AnalysedWord[];
  /** Does some word pass word test `id`? */
  has(id: number): boolean;
  hashtags: Set<string>;
  /** Handles the mention names (@ in text and `references.mentions`), folded, without @. */
  handles: Set<string>;
  /** Author handle, id and display name, folded. */
  author: string[];
  /** The mention's URL and its links, lower case. */
  urls: string[];
  hosts: string[];
  language?: string;
}

export function prepareDocument(m: Mention, analysis: Analysis = analysisFor()): QueryDocument {
  const text = m.title ? `${m.title}\n${m.text}` : m.text;
  const analysed = words(text).map((w) => analysis.word(w));
  // One bit per registered word test: set for the tests some word passes.
  const bits = new Uint32Array((analysis.wordTests + 31) >>> 5);
  for (const word of analysed) for (const id of word.tests) bits[id >>> 5]! |= 1 << (id & 31);
  const handles = new Set([...textHandles(text), ...(m.references.mentions ?? [])].map((h) => fold(h.replace(/^@/, ''))));
  const urls = [m.url, ...(m.enrichment.links ?? m.references.links ?? [])].filter((u): u is string => !!u).map((u) => u.toLowerCase());
  const hosts = urls.map((u) => /^[a-z]+:\/\/(?:www\.)?([^/:?#]+)/.exec(u)?.[1]).filter((h): h is string => !!h);
  return {
    analysis,
    words: analysed.map((w) => w.forms[0]!),
    analysed,
    has: (id) => id >>> 5 < bits.length && (bits[id >>> 5]! & (1 << (id & 31))) !== 0,
    hashtags: new Set((m.enrichment.hashtags ?? []).map(fold)),
    handles,
    author: [m.author.handle?.replace(/^@/, ''), m.author.id, m.author.name].filter((a): a is string => !!a).map(fold),
    urls,
    hosts,
    language: m.language,
  };
}

/** Positions of the words that pass word test `id`, as one-word spans. */
export function spansOf(doc: QueryDocument, id: number): [number, number][] {
  const out: [number, number][] = [];
  if (doc.has(id)) doc.analysed.forEach((w, i) => w.tests.includes(id) && out.push([i, i]));
  return out;
}

/** A matcher for one word test: the test is a bit of the document, spans a scan of its words. */
export function termMatcher(id: number): Matcher {
  return { test: (doc) => doc.has(id), spans: (doc) => spansOf(doc, id) };
}

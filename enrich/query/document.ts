import type { Mention } from '../../model/mention.ts';
import { analysisFor, type Analysis } from '../stem.ts';
import { fold, textHandles, words } from '../text.ts';

/**
 * A mention analysed once for every query: word positions by folded surface word and by the
 * stem of each language of its analysis (stem.ts), plus hashtags, handles, author, links and
 * language. Building it is the main cost of matching, so the enricher builds it once.
 */
export interface QueryDocument {
  /** The analysis that made the keys; queries must be compiled with the same one. */
  analysis: Analysis;
  /** Folded surface words in order (title first, then text). */
  words: string[];
  /** Positions by folded surface word (`w`) and by stem in any of `analysis.languages` (`s`). */
  keys: { w: Map<string, number[]>; s: Map<string, number[]> };
  /** Distinct folded words, sorted: prefix wildcards binary-search it. Built on first use. */
  sorted(): string[];
  /** First three letters of each word of three or more: a prefix wildcard checks it first. */
  heads: Set<string>;
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

function add(keys: Map<string, number[]>, key: string, position: number) {
  const list = keys.get(key);
  if (!list) keys.set(key, [position]);
  else if (list.at(-1) !== position) list.push(position);
}

export function prepareDocument(m: Mention, analysis: Analysis = analysisFor()): QueryDocument {
  const text = m.title ? `${m.title}\n${m.text}` : m.text;
  const lower = words(text);
  const keys = { w: new Map<string, number[]>(), s: new Map<string, number[]>() };
  const heads = new Set<string>();
  const folded = lower.map((word, i) => {
    const forms = analysis.analyzeWord(word);
    const w = forms[0]!;
    if (w.length >= 3) heads.add(w.slice(0, 3));
    add(keys.w, w, i);
    for (let f = 1; f < forms.length; f++) add(keys.s, forms[f]!, i);
    return w;
  });
  let sorted: string[] | undefined;
  const handles = new Set([...textHandles(text), ...(m.references.mentions ?? [])].map((h) => fold(h.replace(/^@/, ''))));
  const urls = [m.url, ...(m.enrichment.links ?? m.references.links ?? [])].filter((u): u is string => !!u).map((u) => u.toLowerCase());
  const hosts = urls.map((u) => /^[a-z]+:\/\/(?:www\.)?([^/:?#]+)/.exec(u)?.[1]).filter((h): h is string => !!h);
  return {
    analysis,
    words: folded,
    keys,
    sorted: () => (sorted ??= [...keys.w.keys()].sort()),
    heads,
    hashtags: new Set((m.enrichment.hashtags ?? []).map(fold)),
    handles,
    author: [m.author.handle?.replace(/^@/, ''), m.author.id, m.author.name].filter((a): a is string => !!a).map(fold),
    urls,
    hosts,
    language: m.language,
  };
}

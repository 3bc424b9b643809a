import { analysisFor, type AnalysedWord, type Analysis } from '../stem.ts';
import { fold, words } from '../text.ts';
import { compoundMatcher } from './compound.ts';
import { QueryError } from './error.ts';
import { termMatcher, spansOf, type QueryDocument } from './document.ts';
import { parse, type Node } from './parse.ts';

/** A compiled query: `test` answers "does it match"; word-like nodes also give their spans. */
export interface Matcher {
  test(doc: QueryDocument): boolean;
  /** [start, end] word positions, for NEAR; only on words, phrases and ORs of them. */
  spans?(doc: QueryDocument): [number, number][];
}

function wordMatcher(raw: string, pos: number, analysis: Analysis): Matcher {
  const parts = words(raw);
  if (parts.length === 0) throw new QueryError(pos, 'a word with letters or digits', `\`${raw}\``);
  const compound = /^\*([\p{L}\p{N}]+)(\*?)$/u.exec(raw);
  if (compound) return compoundMatcher(compound[1]!.toLowerCase(), compound[2] ? 'part' : 'head', analysis);
  if (raw.includes('*') || raw.includes('?')) return wildcardMatcher(fold(raw), analysis);
  // `lätt-tält` is two words: match them as a phrase.
  if (parts.length > 1) return phraseMatcher(parts, analysis);
  const word = parts[0]!;
  const w = fold(word);
  // The folded word, its stems in each language, and the word itself read as a stem (stem.ts).
  const stems = analysis.queryKeys(word);
  return termMatcher(analysis.wordTest(`word:${w}:${stems.join(',')}`, { surface: [w], stems }));
}

/** Exact phrase: consecutive folded surface words, no stemming. */
function phraseMatcher(parts: string[], analysis: Analysis): Matcher {
  const keys = parts.map(fold);
  const ids = keys.map((k) => analysis.wordTest(`surface:${k}`, { surface: [k] }));
  const spans = (doc: QueryDocument) => {
    const out: [number, number][] = [];
    for (const [start] of spansOf(doc, ids[0]!)) {
      if (keys.every((k, i) => doc.words[start + i] === k)) out.push([start, start + keys.length - 1]);
    }
    return out;
  };
  const test = (doc: QueryDocument) => {
    for (const id of ids) if (!doc.has(id)) return false;
    return spans(doc).length > 0;
  };
  return { test, spans };
}

/** Wildcards match folded surface words: `klimat*` finds klimatet, klimatsmart. */
function wildcardMatcher(pattern: string, analysis: Analysis): Matcher {
  const prefix = /^[^*?]+\*$/.test(pattern) ? pattern.slice(0, -1) : undefined;
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const test = prefix !== undefined ? (w: AnalysedWord) => w.forms[0]!.startsWith(prefix) : (w: AnalysedWord) => regex.test(w.forms[0]!);
  return termMatcher(analysis.wordTest(`wildcard:${pattern}`, { test }));
}

function nearMatcher(left: Matcher, right: Matcher, distance: number, ordered: boolean): Matcher {
  const spans = (doc: QueryDocument) => {
    const out: [number, number][] = [];
    const rs = right.spans!(doc);
    if (!rs.length) return out;
    for (const a of left.spans!(doc)) {
      for (const b of rs) {
        // Distance counts the words between the two: `a x b` is NEAR/1.
        const gap = b[0] > a[1] ? b[0] - a[1] - 1 : a[0] > b[1] ? (ordered ? Infinity : a[0] - b[1] - 1) : Infinity;
        if (gap <= distance) out.push([Math.min(a[0], b[0]), Math.max(a[1], b[1])]);
      }
    }
    return out;
  };
  // Spans cost allocations (and a scan of the words for wildcards); most mentions lack one
  // side, which the cheap tests tell first.
  return { test: (doc) => left.test(doc) && right.test(doc) && spans(doc).length > 0, spans };
}

function fieldMatcher(field: string, value: string): Matcher {
  const v = fold(value.replace(/^@/, ''));
  const pattern = v.includes('*') ? new RegExp(`^${v.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`) : undefined;
  const equals = (x: string) => (pattern ? pattern.test(x) : x === v);
  switch (field) {
    case 'author':
      return { test: (doc) => doc.author.some(equals) };
    case 'site': {
      const site = v.replace(/^www\./, '');
      return { test: (doc) => doc.hosts.some((h) => h === site || h.endsWith(`.${site}`)) };
    }
    case 'url':
      return { test: (doc) => doc.urls.some((u) => (pattern ? pattern.test(u) : u.includes(v))) };
    default:
      return { test: (doc) => doc.language === v };
  }
}

function compileNode(node: Node, analysis: Analysis): Matcher {
  switch (node.kind) {
    case 'word':
      return wordMatcher(node.value, node.pos, analysis);
    case 'phrase':
      return phraseMatcher(words(node.value), analysis);
    case 'hashtag': {
      const tag = fold(node.value);
      return { test: (doc) => doc.hashtags.has(tag) };
    }
    case 'handle': {
      const handle = fold(node.value);
      // @brand finds posts that name the account and posts the account wrote.
      return { test: (doc) => doc.handles.has(handle) || doc.author[0] === handle };
    }
    case 'field':
      return fieldMatcher(node.field, node.value);
    case 'not': {
      const child = compileNode(node.child, analysis);
      return { test: (doc) => !child.test(doc) };
    }
    case 'and': {
      const children = node.children.map((c) => compileNode(c, analysis));
      return {
        test: (doc) => {
          for (const c of children) if (!c.test(doc)) return false;
          return true;
        },
      };
    }
    case 'or': {
      const children = node.children.map((c) => compileNode(c, analysis));
      const positional = children.every((c) => c.spans);
      return {
        // A loop, not children.some(): this runs for every query on every mention.
        test: (doc) => {
          for (const c of children) if (c.test(doc)) return true;
          return false;
        },
        spans: positional ? (doc) => children.flatMap((c) => c.spans!(doc)) : undefined,
      };
    }
    case 'near': {
      const left = compileNode(node.left, analysis);
      const right = compileNode(node.right, analysis);
      const name = node.ordered ? 'ONEAR' : 'NEAR';
      if (!left.spans) throw new QueryError(node.left.pos, `words or "phrases" on the left of ${name}`, 'a #hashtag, @handle, field or group');
      if (!right.spans) throw new QueryError(node.right.pos, `words or "phrases" on the right of ${name}`, 'a #hashtag, @handle, field or group');
      return nearMatcher(left, right, node.distance, node.ordered);
    }
  }
}

/**
 * Parse and compile a query once; throws QueryError with the column and what was expected.
 * Words are stemmed for the configured `languages` (stem.ts); documents must be prepared
 * with the same list.
 */
export function compileQuery(query: string, languages?: readonly string[]): Matcher {
  return compileNode(parse(query), analysisFor(languages));
}

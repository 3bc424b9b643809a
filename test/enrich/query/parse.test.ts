import { describe, expect, it } from 'vitest';
import { parse } from '../../../enrich/query/parse.ts';
import { compileQuery } from '../../../enrich/query/compile.ts';

/** The tree as a compact string, so the expected shapes stay readable. */
function show(query: string): string {
  const s = (n: any): string => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `${n.kind}(${n.children.map(s).join(', ')})`;
      case 'not':
        return `not(${s(n.child)})`;
      case 'near':
        return `${n.ordered ? 'onear' : 'near'}${n.distance}(${s(n.left)}, ${s(n.right)})`;
      case 'field':
        return `${n.field}:${n.value}`;
      default:
        return `${n.kind}:${n.value}`;
    }
  };
  return s(parse(query));
}

const error = (query: string) => {
  try {
    compileQuery(query);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('query parser', () => {
  it('reads AND, OR and NOT with NOT tighter than AND, AND tighter than OR', () => {
    expect(show('a AND b OR c')).toBe('or(and(word:a, word:b), word:c)');
    expect(show('a OR b AND c')).toBe('or(word:a, and(word:b, word:c))');
    expect(show('a NOT b')).toBe('and(word:a, not(word:b))');
    expect(show('NOT NOT a')).toBe('not(not(word:a))');
  });

  it('treats adjacent terms as AND', () => {
    expect(show('fjällvind jacka "vindjacka pro"')).toBe('and(word:fjällvind, word:jacka, phrase:vindjacka pro)');
  });

  it('groups with parentheses', () => {
    expect(show('(a OR b) AND NOT (c OR d)')).toBe('and(or(word:a, word:b), not(or(word:c, word:d)))');
  });

  it('reads NEAR/n and ONEAR/n tighter than everything else', () => {
    expect(show('a NEAR/3 b OR c')).toBe('or(near3(word:a, word:b), word:c)');
    expect(show('(a OR b) ONEAR/0 "c d"')).toBe('onear0(or(word:a, word:b), phrase:c d)');
  });

  it('reads phrases, wildcards, hashtags, handles and field filters', () => {
    expect(show('"Lätt-tält 2" klimat* #Fjallvind @fjallvind')).toBe('and(phrase:Lätt-tält 2, word:klimat*, hashtag:Fjallvind, handle:fjallvind)');
    expect(show('author:@eva site:vk.se url:"fjallvind.se/jobb" lang:sv')).toBe('and(author:@eva, site:vk.se, url:fjallvind.se/jobb, lang:sv)');
  });

  it('keeps lower-case and/or/not as words', () => {
    expect(show('not bad')).toBe('and(word:not, word:bad)');
  });

  it('names the column and what it expected on a syntax error', () => {
    expect(error('(fjällvind OR')).toBe('query error at 14: expected a word, "phrase", #hashtag, @handle, field: or `(` but found end of query');
    expect(error('(fjällvind OR jacka')).toBe('query error at 20: expected `)` but found end of query');
    expect(error('fjällvind )')).toBe('query error at 11: expected an operator or end of query but found `)`');
    expect(error('"vindjacka pro')).toBe('query error at 1: expected a closing `"` but found end of query');
    expect(error('a NEAR b')).toBe('query error at 3: expected `NEAR/n` with a word distance but found `NEAR`');
    expect(error('a AND OR b')).toBe('query error at 7: expected a word, "phrase", #hashtag, @handle, field: or `(` but found `OR`');
    expect(error('site: x')).toBe('query error at 6: expected a value after `site:` but found ` `');
    expect(error('""')).toBe('query error at 1: expected words inside the quotes but found `""`');
  });

  it('refuses NEAR over things without word positions', () => {
    expect(error('#fjallvind NEAR/2 jacka')).toBe('query error at 1: expected words or "phrases" on the left of NEAR but found a #hashtag, @handle, field or group');
    expect(error('jacka ONEAR/2 (a AND b)')).toBe('query error at 16: expected words or "phrases" on the right of ONEAR but found a #hashtag, @handle, field or group');
  });
});

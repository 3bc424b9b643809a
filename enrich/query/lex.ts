import { QueryError } from './error.ts';

/** Query tokens. Operators are upper case only, so `and`/`not` stay searchable words. */
export type Token =
  | { type: '(' | ')' | 'AND' | 'OR' | 'NOT' | 'end'; pos: number; raw: string }
  | { type: 'NEAR'; pos: number; raw: string; distance: number; ordered: boolean }
  | { type: 'word' | 'phrase' | 'hashtag' | 'handle'; pos: number; raw: string; value: string }
  | { type: 'field'; pos: number; raw: string; field: Field; value: string; quoted: boolean };

export const fields = ['author', 'site', 'url', 'lang'] as const;
export type Field = (typeof fields)[number];

const fieldPattern = /^([a-z]+):/;

/** Split a query into tokens; positions are 1-based columns for error messages. */
export function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (start: number): string => {
    const close = query.indexOf('"', start + 1);
    if (close === -1) throw new QueryError(start + 1, 'a closing `"`', 'end of query');
    i = close + 1;
    return query.slice(start + 1, close);
  };
  while (i < query.length) {
    const c = query[i]!;
    const pos = i + 1;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, pos, raw: c });
      i++;
    } else if (c === '"') {
      const value = readQuoted(i);
      if (!value.trim()) throw new QueryError(pos, 'words inside the quotes', '`""`');
      tokens.push({ type: 'phrase', pos, raw: `"${value}"`, value });
    } else {
      const field = fieldPattern.exec(query.slice(i));
      if (field && (fields as readonly string[]).includes(field[1]!)) {
        i += field[0].length;
        const quoted = query[i] === '"';
        const value = quoted ? readQuoted(i) : (/^[^\s()]*/.exec(query.slice(i))![0] ?? '');
        if (!quoted) i += value.length;
        if (!value) throw new QueryError(i + 1, `a value after \`${field[0]}\``, found(query, i));
        tokens.push({ type: 'field', pos, raw: query.slice(pos - 1, i), field: field[1] as Field, value, quoted });
        continue;
      }
      const raw = /^[^\s()"]+/.exec(query.slice(i))![0];
      i += raw.length;
      const near = /^(O?)NEAR(?:\/(\d+))?$/.exec(raw);
      if (near) {
        if (near[2] === undefined) throw new QueryError(pos, `\`${raw}/n\` with a word distance`, `\`${raw}\``);
        tokens.push({ type: 'NEAR', pos, raw, distance: Number(near[2]), ordered: near[1] === 'O' });
      } else if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
        tokens.push({ type: raw, pos, raw });
      } else if (raw.startsWith('#') && raw.length > 1) {
        tokens.push({ type: 'hashtag', pos, raw, value: raw.slice(1) });
      } else if (raw.startsWith('@') && raw.length > 1) {
        tokens.push({ type: 'handle', pos, raw, value: raw.slice(1) });
      } else {
        tokens.push({ type: 'word', pos, raw, value: raw });
      }
    }
  }
  tokens.push({ type: 'end', pos: query.length + 1, raw: '' });
  return tokens;
}

function found(query: string, i: number): string {
  return i >= query.length ? 'end of query' : `\`${query[i]}\``;
}

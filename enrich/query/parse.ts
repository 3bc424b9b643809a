import { QueryError } from './error.ts';
import { lex, type Field, type Token } from './lex.ts';

/** The query's syntax tree. Positions are kept for compile-time errors. */
export type Node =
  | { kind: 'word'; pos: number; value: string }
  | { kind: 'phrase'; pos: number; value: string }
  | { kind: 'hashtag'; pos: number; value: string }
  | { kind: 'handle'; pos: number; value: string }
  | { kind: 'field'; pos: number; field: Field; value: string }
  | { kind: 'and' | 'or'; pos: number; children: Node[] }
  | { kind: 'not'; pos: number; child: Node }
  | { kind: 'near'; pos: number; left: Node; right: Node; distance: number; ordered: boolean };

const describe = (t: Token) => (t.type === 'end' ? 'end of query' : `\`${t.raw}\``);
const startsOperand = (t: Token) => !['OR', 'AND', 'NEAR', ')', 'end'].includes(t.type);

/**
 * Recursive descent, tightest first: NEAR/ONEAR, then NOT, then AND (also implicit between
 * adjacent terms), then OR. `a NOT b` reads as `a AND NOT b`.
 */
export function parse(query: string): Node {
  const tokens = lex(query);
  let at = 0;
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;

  function or(): Node {
    const first = and();
    const children = [first];
    while (peek().type === 'OR') {
      next();
      children.push(and());
    }
    return children.length === 1 ? first : { kind: 'or', pos: first.pos, children };
  }

  function and(): Node {
    const first = unary();
    const children = [first];
    for (;;) {
      if (peek().type === 'AND') {
        next();
        children.push(unary());
      } else if (startsOperand(peek())) {
        children.push(unary());
      } else break;
    }
    return children.length === 1 ? first : { kind: 'and', pos: first.pos, children };
  }

  function unary(): Node {
    if (peek().type === 'NOT') {
      const pos = next().pos;
      return { kind: 'not', pos, child: unary() };
    }
    return near();
  }

  function near(): Node {
    let left = primary();
    while (peek().type === 'NEAR') {
      const op = next() as Extract<Token, { type: 'NEAR' }>;
      const right = primary();
      left = { kind: 'near', pos: op.pos, left, right, distance: op.distance, ordered: op.ordered };
    }
    return left;
  }

  function primary(): Node {
    const t = next();
    switch (t.type) {
      case '(': {
        const inner = or();
        const close = next();
        if (close.type !== ')') throw new QueryError(close.pos, '`)`', describe(close));
        return inner;
      }
      case 'word':
      case 'phrase':
      case 'hashtag':
      case 'handle':
        return { kind: t.type, pos: t.pos, value: t.value };
      case 'field':
        return { kind: 'field', pos: t.pos, field: t.field, value: t.value };
      default:
        throw new QueryError(t.pos, 'a word, "phrase", #hashtag, @handle, field: or `(`', describe(t));
    }
  }

  const tree = or();
  const rest = peek();
  if (rest.type !== 'end') throw new QueryError(rest.pos, 'an operator or end of query', describe(rest));
  return tree;
}

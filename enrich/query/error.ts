/** A query that cannot be compiled: where (1-based column), what was expected, what was found. */
export class QueryError extends Error {
  constructor(
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`query error at ${column}: expected ${expected} but found ${found}`);
    this.name = 'QueryError';
  }
}

/**
 * `fn` remembered per argument, for up to `max` arguments; then everything is forgotten at once,
 * so memory stays bounded whatever the history. For pure functions of a word or link that the
 * pipeline asks again and again (stems, canonical links).
 */
export function memoize<T>(fn: (key: string) => T, max: number): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined && !memo.has(key)) {
      if (memo.size >= max) memo.clear();
      memo.set(key, (value = fn(key)));
    }
    return value as T;
  };
}

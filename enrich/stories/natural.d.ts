// natural ships no types for its per-file modules; rykte imports them by file (never the root).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_sv.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
  const all: { words: string[] };
  export default all;
}
declare module 'natural/lib/natural/util/stopwords_sv.js' {
  export const words: string[];
  const all: { words: string[] };
  export default all;
}

import type { Mention } from '../model/mention.ts';
import { prepareDocument, type QueryDocument } from './query/document.ts';
import { analysisFor } from './stem.ts';

/**
 * The analysed form of a mention, shared by the steps that read words (queries, staff names).
 * Steps pass new mention objects along, so the memo keys on what the analysis reads; it holds
 * one entry because the steps run back to back on one mention. Words are stemmed for the
 * configured `languages`, as the queries are (match-queries.ts).
 */
export function createAnalyzer(languages?: readonly string[]): (m: Mention) => QueryDocument {
  const analysis = analysisFor(languages);
  let last: { m: Mention; doc: QueryDocument } | undefined;
  return (m) => {
    if (
      last &&
      last.m.id === m.id &&
      last.m.text === m.text &&
      last.m.title === m.title &&
      last.m.language === m.language &&
      last.m.enrichment.hashtags === m.enrichment.hashtags
    ) {
      return last.doc;
    }
    const doc = prepareDocument(m, analysis);
    last = { m, doc };
    return doc;
  };
}

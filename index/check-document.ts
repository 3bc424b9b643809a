/**
 * Checks one document before it goes into a bulk request. Elasticsearch refuses a whole bulk
 * request (not just the item) when one id is longer than 512 bytes, and a huge document can
 * exceed `http.max_content_length`: either would block a source for good, so the one bad
 * document is rejected here, with its reason, and the rest indexes.
 */

/** Elasticsearch's own limit on `_id`, in UTF-8 bytes. */
export const maxIdBytes = 512;

export interface DocumentProblem {
  errorType: 'id_too_long' | 'document_too_large';
  reason: string;
}

export function checkDocument(id: string, body: string, maxDocumentBytes: number): DocumentProblem | undefined {
  const idBytes = Buffer.byteLength(id);
  if (idBytes > maxIdBytes) return { errorType: 'id_too_long', reason: `id is ${idBytes} bytes long; Elasticsearch takes at most ${maxIdBytes}` };
  // body.length <= bytes <= 3 * length: measure only when it could matter.
  if (body.length * 3 > maxDocumentBytes) {
    const bytes = Buffer.byteLength(body);
    if (bytes > maxDocumentBytes) return { errorType: 'document_too_large', reason: `document is ${bytes} bytes; elasticsearch.maxDocumentBytes is ${maxDocumentBytes}` };
  }
  return undefined;
}

import iconv from 'iconv-lite';

/**
 * Bytes of an XML document to a string, the way the XML specification (Appendix F) and
 * RFC 7303 say: a configured override first, then the byte-order mark, then the HTTP
 * `Content-Type` charset, then the encoding declaration, read in the byte family the first
 * bytes show (a UTF-16 document's declaration is UTF-16 too), else UTF-8 (UTF-16/32 when the
 * bytes say so). iconv-lite does the decoding: Node 20's TextDecoder maps windows-1252 like
 * Latin-1 (0x93 is not “) and has no UTF-32.
 */
export interface Decoded {
  text: string;
  charset: string;
  /** Where the charset came from. */
  from: 'override' | 'bom' | 'header' | 'declaration' | 'default' | 'fallback';
  /** Set when the stated charset did not fit the bytes and another was used. */
  note?: string;
}

/** Byte-order marks, longest first: UTF-32LE's starts like UTF-16LE's. */
const boms: [number[], string][] = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

/** Appendix F without a BOM: where the zero bytes stand around the first `<` shows code unit width and order. */
function byteFamily(b: Buffer): string | undefined {
  if (b.length < 4) return undefined;
  if (b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 0x3c) return 'utf-32be';
  if (b[0] === 0x3c && b[1] === 0 && b[2] === 0 && b[3] === 0) return 'utf-32le';
  if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] !== 0) return 'utf-16be';
  if (b[0] === 0x3c && b[1] === 0 && b[2] !== 0 && b[3] === 0) return 'utf-16le';
  return undefined;
}

const startsWith = (bytes: Buffer, mark: number[]) => mark.every((b, i) => bytes[i] === b);
const wide = (charset: string) => /^utf-(16|32)/.test(charset);

/**
 * Labels mapped the way browsers do (WHATWG Encoding): ISO-8859-1 and ASCII are read as
 * windows-1252, a superset, because real feeds labelled Latin-1 carry 0x80-0x9F quotes.
 */
function normalise(label: string): string {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'x-cp1252'].includes(l)) return 'windows-1252';
  if (l === 'utf8') return 'utf-8';
  if (['utf-16', 'utf16', 'ucs-2', 'iso-10646-ucs-2'].includes(l)) return 'utf-16';
  if (['utf-32', 'utf32', 'ucs-4', 'iso-10646-ucs-4'].includes(l)) return 'utf-32';
  return l;
}

/** A label that names no byte order ("UTF-16") takes it from the bytes; without a hint, big-endian (RFC 2781). */
function ordered(charset: string, family: string | undefined): string {
  if (charset !== 'utf-16' && charset !== 'utf-32') return charset;
  return family?.startsWith(charset) ? family : `${charset}be`;
}

export function headerCharset(contentType: string | null | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*("?)([^";\s]+)\1/i)?.[2];
}

/** The encoding declaration, read in the byte family of the document (ASCII-compatible unless `family` says otherwise). */
export function declaredCharset(bytes: Buffer, family?: string): string | undefined {
  const head = family ? iconv.decode(bytes.subarray(0, 800), family) : bytes.subarray(0, 200).toString('latin1');
  return head.match(/^\uFEFF?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/)?.[1];
}

function validUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const decode = (bytes: Buffer, charset: string, from: Decoded['from'], note?: string): Decoded => ({ text: iconv.decode(bytes, charset), charset, from, ...(note ? { note } : {}) });

export function decodeXml(bytes: Buffer, contentType?: string | null, override?: string): Decoded {
  if (override && iconv.encodingExists(normalise(override))) return decode(bytes, ordered(normalise(override), undefined), 'override');
  const bom = boms.find(([mark]) => startsWith(bytes, mark))?.[1];
  if (bom) return decode(bytes, bom, 'bom');
  const family = byteFamily(bytes);
  const declared = declaredCharset(bytes, family);
  for (const [label, from] of [[headerCharset(contentType), 'header'], [declared, 'declaration']] as const) {
    if (!label || !iconv.encodingExists(normalise(label))) continue;
    const charset = ordered(normalise(label), family);
    // The bytes show 16- or 32-bit code units: a label naming a byte charset cannot be right.
    if (family && !wide(charset)) return decode(bytes, family, 'fallback', `declared ${label} but the bytes are ${family.toUpperCase()}; decoded as ${family}`);
    // A server that says UTF-8 about Latin-1 bytes is common: trust the document's own declaration then.
    if (charset === 'utf-8' && !validUtf8(bytes)) {
      const other = declared && normalise(declared) !== 'utf-8' && iconv.encodingExists(normalise(declared)) ? normalise(declared) : 'windows-1252';
      return decode(bytes, other, 'fallback', `declared ${label} but the bytes are not UTF-8; decoded as ${other}`);
    }
    return decode(bytes, charset, from);
  }
  if (family) return decode(bytes, family, 'default');
  if (!validUtf8(bytes)) return decode(bytes, 'windows-1252', 'fallback', 'no charset stated and the bytes are not UTF-8; decoded as windows-1252');
  return decode(bytes, 'utf-8', 'default');
}

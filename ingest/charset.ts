import iconv from 'iconv-lite';

/**
 * Bytes of an XML document to a string, charset taken from (in this order) a configured
 * override, the byte-order mark, the HTTP `Content-Type` charset, the XML declaration, else
 * UTF-8. iconv-lite does the decoding: Node 20's TextDecoder maps windows-1252 like Latin-1 (0x93 is not “).
 */
export interface Decoded {
  text: string;
  charset: string;
  /** Where the charset came from. */
  from: 'override' | 'bom' | 'header' | 'declaration' | 'default' | 'fallback';
  /** Set when the stated charset did not fit the bytes and another was used. */
  note?: string;
}

const boms: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

/**
 * Labels mapped the way browsers do (WHATWG Encoding): ISO-8859-1 and ASCII are read as
 * windows-1252, a superset, because real feeds labelled Latin-1 carry 0x80-0x9F quotes.
 */
function normalise(label: string): string {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'x-cp1252'].includes(l)) return 'windows-1252';
  if (l === 'utf8') return 'utf-8';
  return l;
}

export function headerCharset(contentType: string | null | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*("?)([^";\s]+)\1/i)?.[2];
}

export function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 200).toString('latin1');
  return head.match(/^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/)?.[1];
}

function validUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeXml(bytes: Buffer, contentType?: string | null, override?: string): Decoded {
  if (override && iconv.encodingExists(normalise(override))) return { text: iconv.decode(bytes, normalise(override)), charset: normalise(override), from: 'override' };
  for (const [mark, charset] of boms) {
    if (mark.every((b, i) => bytes[i] === b)) return { text: iconv.decode(bytes, charset), charset, from: 'bom' };
  }
  const stated: [string | undefined, Decoded['from']][] = [
    [headerCharset(contentType), 'header'],
    [declaredCharset(bytes), 'declaration'],
  ];
  const declared = stated[1]![0];
  for (const [label, from] of stated) {
    if (!label) continue;
    const charset = normalise(label);
    if (!iconv.encodingExists(charset)) continue;
    // A server that says UTF-8 about Latin-1 bytes is common: trust the document's own declaration then.
    if (charset === 'utf-8' && !validUtf8(bytes)) {
      const other = declared && normalise(declared) !== 'utf-8' && iconv.encodingExists(normalise(declared)) ? normalise(declared) : 'windows-1252';
      return { text: iconv.decode(bytes, other), charset: other, from: 'fallback', note: `declared ${label} but the bytes are not UTF-8; decoded as ${other}` };
    }
    return { text: iconv.decode(bytes, charset), charset, from };
  }
  if (!validUtf8(bytes)) {
    return { text: iconv.decode(bytes, 'windows-1252'), charset: 'windows-1252', from: 'fallback', note: 'no charset stated and the bytes are not UTF-8; decoded as windows-1252' };
  }
  return { text: iconv.decode(bytes, 'utf-8'), charset: 'utf-8', from: 'default' };
}

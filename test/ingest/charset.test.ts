import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../ingest/charset.ts';

const xml = (decl: string, body: string) => `<?xml version="1.0"${decl}?><t>${body}</t>`;

describe('decodeXml', () => {
  it('prefers the byte-order mark over the header and the declaration', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml(' encoding="ISO-8859-1"', 'Åre'), 'utf-16le')]);
    expect(decodeXml(bytes, 'text/xml; charset=iso-8859-1')).toMatchObject({ charset: 'utf-16le', from: 'bom', text: xml(' encoding="ISO-8859-1"', 'Åre') });
  });

  it('prefers the header charset over the declaration', () => {
    const bytes = iconv.encode(xml(' encoding="UTF-8"', 'Ærø'), 'iso-8859-15');
    expect(decodeXml(bytes, 'application/rss+xml; charset="ISO-8859-15"')).toMatchObject({ charset: 'iso-8859-15', from: 'header', text: xml(' encoding="UTF-8"', 'Ærø') });
  });

  it('reads a Latin-1 label as windows-1252, as browsers do', () => {
    const bytes = Buffer.concat([Buffer.from(xml(' encoding="ISO-8859-1"', '')), Buffer.from([0x93, 0x61, 0x94, 0xe5])]);
    expect(decodeXml(bytes, 'text/xml')).toMatchObject({ charset: 'windows-1252', from: 'declaration', text: `${xml(' encoding="ISO-8859-1"', '')}“a”å` });
  });

  it('defaults to UTF-8 and falls back to windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeXml(Buffer.from(xml('', 'Göteborg')))).toMatchObject({ charset: 'utf-8', from: 'default' });
    expect(decodeXml(Buffer.from([0x47, 0xf6, 0x74]))).toEqual({ text: 'Göt', charset: 'windows-1252', from: 'fallback', note: 'no charset stated and the bytes are not UTF-8; decoded as windows-1252' });
  });

  it('uses an explicit override before anything the server says', () => {
    expect(decodeXml(Buffer.from([0x80]), 'text/xml; charset=utf-8', 'cp1252')).toMatchObject({ text: '€', charset: 'windows-1252' });
  });
});

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

  describe('the XML specification, Appendix F', () => {
    const doc = (encoding?: string) => xml(encoding ? ` encoding="${encoding}"` : '', 'Smörgåsbord 𝄞 “ok”');
    const cases: [string, string, number[], string | undefined][] = [
      ['UTF-32BE with BOM', 'utf-32be', [0x00, 0x00, 0xfe, 0xff], undefined],
      ['UTF-32LE with BOM', 'utf-32le', [0xff, 0xfe, 0x00, 0x00], undefined],
      ['UTF-16BE with BOM', 'utf-16be', [0xfe, 0xff], undefined],
      ['UTF-16LE with BOM', 'utf-16le', [0xff, 0xfe], undefined],
      ['UTF-8 with BOM', 'utf-8', [0xef, 0xbb, 0xbf], undefined],
      ['UTF-32BE without BOM', 'utf-32be', [], 'UTF-32'],
      ['UTF-32LE without BOM', 'utf-32le', [], 'UTF-32'],
      ['UTF-16BE without BOM, declared UTF-16', 'utf-16be', [], 'UTF-16'],
      ['UTF-16LE without BOM, declared UTF-16', 'utf-16le', [], 'UTF-16'],
      ['UTF-16LE without BOM or declaration', 'utf-16le', [], undefined],
    ];
    it.each(cases)('reads %s', (_name, charset, bom, declared) => {
      const text = doc(declared);
      const decoded = decodeXml(Buffer.concat([Buffer.from(bom), iconv.encode(text, charset, { addBOM: false })]));
      expect(decoded).toMatchObject({ text, charset, from: bom.length ? 'bom' : declared ? 'declaration' : 'default' });
    });

    it('reads the declaration of a UTF-16 document in UTF-16 (a byte-wise reading never sees it)', () => {
      const bytes = iconv.encode(doc('UTF-16'), 'utf-16le', { addBOM: false });
      expect(decodeXml(bytes, 'application/xml')).toMatchObject({ charset: 'utf-16le', from: 'declaration', text: doc('UTF-16') });
    });

    it('lets the HTTP charset win over the declaration, but not over a BOM or bytes that are plainly 16-bit', () => {
      const latin = iconv.encode(doc('UTF-8').replace('𝄞 “ok”', ''), 'iso-8859-15');
      expect(decodeXml(latin, 'text/xml; charset=ISO-8859-15')).toMatchObject({ charset: 'iso-8859-15', from: 'header' });
      const sixteen = iconv.encode(doc(), 'utf-16be', { addBOM: false });
      expect(decodeXml(sixteen, 'text/xml; charset=utf-16')).toMatchObject({ charset: 'utf-16be', from: 'header', text: doc() });
      expect(decodeXml(sixteen, 'text/xml; charset=iso-8859-1')).toEqual({ text: doc(), charset: 'utf-16be', from: 'fallback', note: 'declared iso-8859-1 but the bytes are UTF-16BE; decoded as utf-16be' });
    });
  });
});

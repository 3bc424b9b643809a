import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../enrich/query/compile.ts';
import { analysisFor } from '../../../enrich/stem.ts';
import { prepareDocument } from '../../../enrich/query/document.ts';
import { extractEntities } from '../../../enrich/extract-entities.ts';
import type { Mention } from '../../../model/mention.ts';
import { mention } from '../../helpers/mentions.ts';

const matches = (query: string, text: string, extra: Partial<Mention> = {}) =>
  compileQuery(query).test(prepareDocument(extractEntities(mention({ text, ...extra }))));
const nordic = ['sv', 'nb', 'da', 'en'];
/** The words of `texts` a query finds, with Norwegian and Danish configured. */
const found = (query: string, texts: string[]) => {
  const matcher = compileQuery(query, nordic);
  return texts.filter((text) => matcher.test(prepareDocument(mention({ text }), analysisFor(nordic))));
};

describe('query matching', () => {
  it('is case-insensitive and stems Swedish and English', () => {
    expect(matches('jacka', 'Mina JACKOR är slitna')).toBe(true);
    expect(matches('hållbarhet', 'ett hållbart val')).toBe(false);
    expect(matches('hållbar', 'hållbara material')).toBe(true);
    expect(matches('jacket', 'two jackets')).toBe(true);
    expect(matches('recycling', 'recycled down')).toBe(true);
    expect(matches('jacka', 'jackpot')).toBe(false);
  });

  it('finds Swedish definite and plural forms from the bare word', () => {
    const forms = ['avbrottet', 'avbrotten', 'avbrottets', 'fakturan', 'fakturor', 'fakturorna', 'priset', 'priser', 'priserna', 'prisets', 'garantin', 'äpplena'];
    expect(forms.filter((f) => !matches('avbrott OR faktura OR pris OR garanti OR äpple', `Om ${f} i dag`))).toEqual([]);
    // The bare word still finds itself, and what Snowball alone found stays found.
    expect(matches('avbrott', 'Inga avbrott')).toBe(true);
    expect(matches('hållbar', 'hållbara material')).toBe(true);
    // Nouns whose -et is not an ending keep it: `paketet` is not `pak`.
    expect(matches('paket', 'Paketet kom fram')).toBe(true);
    expect(matches('pak', 'Paketet kom fram')).toBe(false);
  });

  it('finds Norwegian and Danish definite and plural forms when those languages are configured', () => {
    const no = ['Strømbruddet varte i fire timer', 'Fakturaen kom dobbelt', 'Fakturaene stemmer ikke', 'Prisene har økt', 'Jakka holdt meg tørr', 'Jakkene er dyre'];
    expect(found('strømbrudd OR faktura OR pris OR jakke', no)).toEqual(no);
    const da = ['Afbrydelsen varede hele dagen', 'Afbrydelserne skyldes en fejl', 'Fakturaerne kommer for sent', 'Priserne stiger', 'Lynlåsen gik i stykker', 'Butikkerne har lukket'];
    expect(found('afbrydelse OR faktura OR pris OR lynlås OR butik', da)).toEqual(da);
    // Without them configured, Swedish and English stems only (the default): Danish -erne is not Swedish.
    expect(matches('faktura', 'Fakturaerne kommer for sent')).toBe(false);
    expect(matches('afbrydelse', 'Afbrydelserne skyldes en fejl')).toBe(false);
  });

  it('finds a word as the head of a compound with *word, in any of its forms', () => {
    const texts = ['Strömavbrott i hela Umeå', 'Elavbrottet slog ut kassorna', 'Nätverksavbrotten blev fler', 'Avbrottet är över', 'Avbrottsfri drift', 'Ett kort uppehåll'];
    expect(found('*avbrott', texts)).toEqual(texts.slice(0, 4));
    expect(found('avbrott', texts)).toEqual(['Avbrottet är över']);
    expect(found('*pris', ['Elpriset slog rekord', 'Strømprisene stiger', 'Elpriserne er vanvittige'])).toHaveLength(3);
    expect(found('*jakke', ['Vinterjakka er best', 'Regnjakken lekket', 'Regnjakker er udsolgt'])).toHaveLength(3);
  });

  it('finds a word as any part of a compound with *word*', () => {
    const texts = ['Fakturafelet rättades', 'Elfakturan var hög', 'Fakturorna stämmer inte', 'Avbrottsfri drift', 'Ingen räkning'];
    expect(found('*faktura* OR *avbrott*', texts)).toEqual(texts.slice(0, 4));
  });

  it('states the false-positive risk of compound forms: short words match unrelated endings', () => {
    expect(found('*kund', ['Stamkunden fick vänta', 'Det tog en sekund'])).toEqual(['Stamkunden fick vänta', 'Det tog en sekund']);
    expect(found('*kund NOT sekund*', ['Stamkunden fick vänta', 'Det tog en sekund'])).toEqual(['Stamkunden fick vänta']);
    expect(found('*app', ['Bankappen ligger nere', 'Knappen lossnade'])).toHaveLength(2);
  });

  it('keeps NEAR working on compound forms', () => {
    expect(found('*avbrott NEAR/2 umeå', ['Strömavbrottet i Umeå', 'Strömavbrottet var långt och kallt här i Umeå'])).toEqual(['Strömavbrottet i Umeå']);
  });

  it('matches ASCII-folded spellings both ways', () => {
    expect(matches('Malmo', 'Butiken i Malmö')).toBe(true);
    expect(matches('Malmö', 'store in Malmo')).toBe(true);
    expect(matches('"Lätt-tält 2"', 'my Latt-talt 2 tent')).toBe(true);
  });

  it('treats å, ä and ö as letters, not word breaks', () => {
    expect(matches('fjäll', 'Fjällvind')).toBe(false);
    expect(matches('fjäll*', 'Fjällvind')).toBe(true);
  });

  it('matches exact phrases word by word without stemming', () => {
    expect(matches('"vindjacka pro"', 'Ny Vindjacka Pro!')).toBe(true);
    expect(matches('"vindjacka pro"', 'vindjackor pro')).toBe(false);
    expect(matches('"vindjacka pro"', 'pro vindjacka')).toBe(false);
  });

  it('expands wildcards over whole words', () => {
    expect(matches('klimat*', 'klimatsmart jacka')).toBe(true);
    expect(matches('klimat*', 'ett bra klimat')).toBe(true);
    expect(matches('klimat*', 'väderklimat')).toBe(false);
    expect(matches('f?llvind', 'fjallvind')).toBe(false);
    expect(matches('fj?llvind', 'Fjällvind')).toBe(true);
  });

  it('applies AND, OR and NOT', () => {
    expect(matches('fjällvind AND jacka', 'Fjällvind jacka')).toBe(true);
    expect(matches('fjällvind AND jacka', 'Fjällvind byxor')).toBe(false);
    expect(matches('byxor OR jacka', 'Fjällvind byxor')).toBe(true);
    expect(matches('fjällvind NOT berg', 'Fjällvind berg')).toBe(false);
    expect(matches('fjällvind NOT berg', 'Fjällvind jacka')).toBe(true);
  });

  it('NEAR/n finds the words within n words of each other in any order', () => {
    expect(matches('vindjacka NEAR/2 fjällvind', 'vindjacka från nya Fjällvind')).toBe(true);
    expect(matches('vindjacka NEAR/1 fjällvind', 'vindjacka från nya Fjällvind')).toBe(false);
    expect(matches('vindjacka NEAR/2 fjällvind', 'Fjällvind nya vindjacka')).toBe(true);
    expect(matches('"vindjacka pro" NEAR/0 (test OR recension)', 'recension Vindjacka Pro')).toBe(true);
  });

  it('ONEAR/n wants them in order', () => {
    expect(matches('fjällvind ONEAR/2 vindjacka', 'Fjällvind nya vindjacka')).toBe(true);
    expect(matches('fjällvind ONEAR/2 vindjacka', 'vindjacka från Fjällvind')).toBe(false);
  });

  it('matches hashtags and handles, folded', () => {
    expect(matches('#fjallvind', 'bästa jackan #Fjällvind')).toBe(true);
    expect(matches('#fjallvind', 'bästa jackan fjallvind')).toBe(false);
    expect(matches('@fjallvind', 'hej @Fjallvind!')).toBe(true);
    expect(matches('@fjallvind', 'hej', { references: { mentions: ['fjallvind'] } })).toBe(true);
    expect(matches('@fjallvind', 'vi på fjällvind', { author: { handle: 'fjallvind' } })).toBe(true);
    expect(matches('@fjallvind', 'fjallvind utan @')).toBe(false);
  });

  it('filters on author, site, url and language', () => {
    const m = { author: { handle: 'Eva_K', name: 'Eva Karlsson' }, url: 'https://www.VK.se/2026/fjallvind', language: 'sv' };
    expect(matches('author:eva_k', 'x', m)).toBe(true);
    expect(matches('author:"eva karlsson"', 'x', m)).toBe(true);
    expect(matches('author:eva*', 'x', m)).toBe(true);
    expect(matches('author:erik', 'x', m)).toBe(false);
    expect(matches('site:vk.se', 'x', m)).toBe(true);
    expect(matches('site:se', 'x', m)).toBe(true);
    expect(matches('site:k.se', 'x', m)).toBe(false);
    expect(matches('site:fjallvind.se', 'läs https://fjallvind.se/jobb')).toBe(true);
    expect(matches('url:2026/fjallvind', 'x', m)).toBe(true);
    expect(matches('url:*/jobb', 'läs https://fjallvind.se/jobb')).toBe(true);
    expect(matches('lang:sv', 'x', m)).toBe(true);
    expect(matches('lang:en', 'x', m)).toBe(false);
  });
});

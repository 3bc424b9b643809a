import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../enrich/query/compile.ts';
import { prepareDocument } from '../../../enrich/query/document.ts';
import { extractEntities } from '../../../enrich/extract-entities.ts';
import type { Mention } from '../../../model/mention.ts';
import { mention } from '../../helpers/mentions.ts';

const matches = (query: string, text: string, extra: Partial<Mention> = {}) =>
  compileQuery(query).test(prepareDocument(extractEntities(mention({ text, ...extra }))));

describe('query matching', () => {
  it('is case-insensitive and stems Swedish and English', () => {
    expect(matches('jacka', 'Mina JACKOR är slitna')).toBe(true);
    expect(matches('hållbarhet', 'ett hållbart val')).toBe(false);
    expect(matches('hållbar', 'hållbara material')).toBe(true);
    expect(matches('jacket', 'two jackets')).toBe(true);
    expect(matches('recycling', 'recycled down')).toBe(true);
    expect(matches('jacka', 'jackpot')).toBe(false);
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

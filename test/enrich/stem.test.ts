import { describe, expect, it } from 'vitest';
import stemmerSv from 'natural/lib/natural/stemmers/porter_stemmer_sv.js';
import { analysisFor, baseLanguage } from '../../enrich/stem.ts';
import { fold, words } from '../../enrich/text.ts';

/** The stems of a word (any configured language). */
const stemsOf = (word: string) => analysisFor(['sv', 'no', 'da', 'en']).analyzeWord(word).slice(1);

describe('stems', () => {
  it('stems Swedish and English always, Norwegian and Danish when configured (nb and nn as no)', () => {
    expect(analysisFor().languages).toEqual(['sv', 'en']);
    expect(analysisFor(['sv', 'en']).languages).toEqual(['sv', 'en']);
    expect(analysisFor(['nb', 'da']).languages).toEqual(['sv', 'en', 'no', 'da']);
    expect(analysisFor(['nn']).languages).toEqual(['sv', 'en', 'no']);
    expect(baseLanguage('nb')).toBe('no');
    expect(analysisFor(['sv', 'nb'])).toBe(analysisFor(['no', 'sv']));
  });

  it('gives a noun and its definite and plural forms one stem per language', () => {
    const families: [string, string[]][] = [
      ['sv', ['avbrott', 'avbrottet', 'avbrotten', 'avbrottets']],
      ['sv', ['faktura', 'fakturan', 'fakturor', 'fakturorna', 'fakturans']],
      ['sv', ['pris', 'priset', 'priser', 'priserna', 'prisets']],
      ['sv', ['äpple', 'äpplet', 'äpplen', 'äpplena']],
      ['no', ['faktura', 'fakturaen', 'fakturaer', 'fakturaene']],
      ['no', ['strømbrudd', 'strømbruddet', 'strømbruddene']],
      ['no', ['jakke', 'jakka', 'jakken', 'jakkene']],
      ['da', ['afbrydelse', 'afbrydelsen', 'afbrydelser', 'afbrydelserne']],
      ['da', ['lynlås', 'lynlåsen']],
      ['da', ['butik', 'butikken', 'butikkerne']],
    ];
    // One stem every form of the family has (the query word's stem in that language).
    for (const [language, forms] of families) {
      const shared = forms.map(stemsOf).reduce((a, b) => a.filter((x) => b.includes(x)));
      expect(shared.length, `${language}: ${forms.map((f) => `${f} → ${stemsOf(f)}`).join('; ')}`).toBeGreaterThan(0);
    }
  });

  it('never splits two words Swedish Snowball gave one stem: what matched before still matches', () => {
    const text = `Avbrotten och fakturorna, hållbara hållbart hållbarhet kunder kunden kunderna jackor jackorna
      tältet tälten leveransen leveranser paketen planeter kvaliteten kvaliteter stationen stationer
      vattnet vatten husen huset ansökan ansökningar miljön miljöer garantier prissättning priserna`;
    const ws = words(text);
    const analysis = analysisFor(['sv', 'en']);
    for (const a of ws) {
      for (const b of ws) {
        // With sv and en only, the first stem is the Swedish one.
        if (fold(stemmerSv.stem(a)) === fold(stemmerSv.stem(b))) expect(analysis.analyzeWord(a)[1], `${a} / ${b}`).toBe(analysis.analyzeWord(b)[1]);
      }
    }
  });
});

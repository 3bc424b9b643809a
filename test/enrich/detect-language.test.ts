import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../enrich/detect-language.ts';
import { mention } from '../helpers/mentions.ts';

const nordic = detectLanguage(['sv', 'no', 'da', 'en']);

describe('language detection', () => {
  it('tells Swedish from Norwegian and Danish', () => {
    expect(nordic(mention({ text: 'Jag tycker att jackan är riktigt bra, men leveransen tog lång tid.' })).language).toBe('sv');
    expect(nordic(mention({ text: 'Jeg synes jakken er veldig bra, men leveringen tok lang tid.' })).language).toBe('no');
    expect(nordic(mention({ text: 'Jeg synes, at jakken er rigtig god, men leveringen tog lang tid.' })).language).toBe('da');
    expect(nordic(mention({ text: 'The jacket is really good, but the delivery took a long time.' })).language).toBe('en');
  });

  it('gives a confidence: the margin over the runner-up among the configured languages', () => {
    const sv = nordic(mention({ text: 'Jag tycker att jackan är riktigt bra, men leveransen tog lång tid.' }));
    expect(sv.enrichment.languageConfidence).toBe(0.198);
    const svOnly = detectLanguage(['sv', 'en'])(mention({ text: 'Jag tycker att jackan är riktigt bra, men leveransen tog lång tid.' }));
    expect(svOnly.enrichment.languageConfidence).toBeGreaterThan(sv.enrichment.languageConfidence!);
  });

  it('detects Norwegian for a configured nb or nn and writes the configured code', () => {
    const norsk = 'Jeg synes jakken er veldig bra, men leveringen tok lang tid.';
    expect(detectLanguage(['sv', 'nb', 'da', 'en'])(mention({ text: norsk })).language).toBe('nb');
    expect(detectLanguage(['sv', 'nn', 'en'])(mention({ text: norsk })).language).toBe('nn');
    // A platform's `no` hint counts for a configured `nb`.
    expect(detectLanguage(['sv', 'nb', 'da', 'en'])(mention({ text: 'Takk for raskt svar', language: 'no' })).language).toBe('nb');
  });

  it('only answers with configured languages', () => {
    const m = detectLanguage(['sv', 'en'])(mention({ text: 'Jeg synes jakken er veldig bra, men leveringen tok lang tid.' }));
    expect(m.language).toBe('sv');
  });

  it('lets the platform language settle near-ties and keeps it for texts too short to detect', () => {
    expect(nordic(mention({ text: 'Takk for raskt svar', language: 'no' })).language).toBe('no');
    const short = nordic(mention({ text: 'Fjällvind 👍', language: 'sv' }));
    expect(short.language).toBe('sv');
    expect(short.enrichment.languageConfidence).toBeUndefined();
    expect(nordic(mention({ text: '#fjallvind @erik https://fjallvind.se' })).language).toBeUndefined();
  });

  it('trusts a configured platform language without detecting when set to `missing`', () => {
    const missing = detectLanguage(['sv', 'en'], 'missing');
    const text = 'The jacket is really good, but the delivery took a long time.';
    const kept = missing(mention({ text, language: 'sv' }));
    expect([kept.language, kept.enrichment.languageConfidence]).toEqual(['sv', undefined]);
    expect(missing(mention({ text, language: 'fr' })).language).toBe('en');
    expect(missing(mention({ text })).language).toBe('en');
  });

  it('overrules a platform language that the text clearly contradicts', () => {
    expect(nordic(mention({ text: 'The jacket is really good, but the delivery took a long time.', language: 'sv' })).language).toBe('en');
  });
});

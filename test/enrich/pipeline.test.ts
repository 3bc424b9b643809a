import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { createEnricher } from '../../enrich/pipeline.ts';
import { mention } from '../helpers/mentions.ts';

const config = await loadConfig(join(import.meta.dirname, '..', 'fixtures', 'enrich-eval.yml'));

describe('enrich pipeline', () => {
  it('runs every step in order and fills the whole enrichment', () => {
    const enrich = createEnricher(config);
    const m = enrich(
      mention({
        author: { handle: 'erikjo_pr', followers: 1200 },
        text: 'Så fint att höra! Vindjacka Pro från Fjallvind är inte dålig 👍 @SaraNilsson #hallbarhet https://www.fjallvind.se/vindjacka?utm_source=x',
        references: { quoteOf: { id: '9', authorHandle: 'kund' } },
      }),
    );
    expect(m.language).toBe('sv');
    expect(m.references.mentions).toEqual(['saranilsson']);
    expect({ ...m.enrichment, languageConfidence: undefined }).toEqual({
      hashtags: ['hallbarhet'],
      links: ['https://fjallvind.se/vindjacka'],
      languageConfidence: undefined,
      brands: ['fjallvind'],
      products: ['vindjacka'],
      topics: ['hallbarhet'],
      staff: { authoredBy: ['erik'], mentions: ['sara'], amplifiedBy: ['erik'], people: ['erik', 'sara'] },
      sentiment: { score: 7, label: 'positive' },
    });
    expect(m.enrichment.languageConfidence).toBeGreaterThan(0);
  });

  it('is pure: the input mention is left as it was', () => {
    const input = mention({ text: 'Fjällvind är bra' });
    const copy = structuredClone(input);
    createEnricher(config)(input);
    expect(input).toEqual(copy);
  });
});

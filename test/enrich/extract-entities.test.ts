import { describe, expect, it } from 'vitest';
import { canonicalLink, extractEntities } from '../../enrich/extract-entities.ts';
import { mention } from '../helpers/mentions.ts';

describe('entity extraction', () => {
  it('collects hashtags in lower case, once each', () => {
    expect(extractEntities(mention({ text: '#Fjällvind är bäst #fjällvind #Vindjacka_Pro a#b' })).enrichment.hashtags).toEqual(['fjällvind', 'vindjacka_pro']);
  });

  it('canonicalises links: lower-case host, no www, fragment or utm_*, sorted query', () => {
    expect(canonicalLink('https://WWW.Fjallvind.se/Jobb/?utm_source=x&b=2&a=1#top')).toBe('https://fjallvind.se/Jobb/?a=1&b=2');
    expect(canonicalLink('https://fjallvind.se/nyheter/')).toBe('https://fjallvind.se/nyheter');
    expect(canonicalLink('mailto:info@fjallvind.se')).toBeUndefined();
    const m = extractEntities(mention({ text: 'läs https://fjallvind.se/a?utm_medium=x.', references: { links: ['https://www.fjallvind.se/a'] } }));
    expect(m.enrichment.links).toEqual(['https://fjallvind.se/a']);
  });

  it('merges the platform mention list with @handles in the text, lower case without @', () => {
    const m = extractEntities(mention({ text: 'tack @ErikJo_PR och @anna@mastodon.nu! mejla info@fjallvind.se', references: { mentions: ['@Sara', 'erikjo_pr'] } }));
    expect(m.references.mentions).toEqual(['sara', 'erikjo_pr', 'anna@mastodon.nu']);
  });

  it('leaves references alone when nothing is mentioned', () => {
    const m = mention({ text: 'ingen här', references: {} });
    expect(extractEntities(m).references).toBe(m.references);
  });
});

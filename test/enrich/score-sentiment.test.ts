import { describe, expect, it } from 'vitest';
import { enrichConfig } from '../../enrich/config.ts';
import { scoreSentiment } from '../../enrich/score-sentiment.ts';
import { mention } from '../helpers/mentions.ts';

const defaults = enrichConfig.parse({}).sentiment;
const score = scoreSentiment(defaults, ['sv', 'en']);
const sentiment = (text: string, language = 'sv') => score(mention({ text, language })).enrichment.sentiment;

describe('sentiment', () => {
  it('sums AFINN word scores in the mention language and labels by threshold', () => {
    expect(sentiment('Jackan är bra')).toEqual({ score: 3, label: 'positive' });
    expect(sentiment('Jackan är dålig')).toEqual({ score: -3, label: 'negative' });
    expect(sentiment('Jackan är blå')).toEqual({ score: 0, label: 'neutral' });
    expect(sentiment('The jacket is good', 'en')).toEqual({ score: 3, label: 'positive' });
    expect(sentiment('Ack, jackan', 'sv')).toEqual({ score: -1, label: 'neutral' });
  });

  it('flips the words after a negation, up to the end of the clause', () => {
    expect(sentiment('Jackan är inte bra')).toEqual({ score: -3, label: 'negative' });
    expect(sentiment('inte dålig alls')).toEqual({ score: 3, label: 'positive' });
    expect(sentiment('Aldrig besviken på Fjällvind')).toEqual({ score: 2, label: 'positive' });
    expect(sentiment('Not good at all', 'en')).toEqual({ score: -3, label: 'negative' });
    expect(sentiment("I don't like it", 'en')).toEqual({ score: -2, label: 'negative' });
    expect(sentiment('inte kall, men bra')).toEqual({ score: 3, label: 'positive' });
  });

  it('stops flipping after negationWords words', () => {
    expect(sentiment('inte en enda gång bra')).toEqual({ score: 3, label: 'positive' });
    const wide = scoreSentiment({ ...defaults, negationWords: 5 }, ['sv']);
    expect(wide(mention({ text: 'inte en enda gång bra', language: 'sv' })).enrichment.sentiment).toEqual({ score: -3, label: 'negative' });
  });

  it('counts emoji', () => {
    expect(sentiment('Fjällvind 😍')).toEqual({ score: 3, label: 'positive' });
    expect(sentiment('Fjällvind 😡 😡')).toEqual({ score: -2, label: 'negative' });
    expect(sentiment('Fjällvind 👍', 'en')).toEqual({ score: 2, label: 'positive' });
    expect(sentiment('inte dålig 👍')).toEqual({ score: 5, label: 'positive' });
  });

  it('uses multi-word entries before single words', () => {
    // `jävla` alone is -4; `bästa jävla` is +4 (and replaces `bästa` +3).
    expect(sentiment('bästa jävla jackan')).toEqual({ score: 4, label: 'positive' });
    expect(sentiment('jävla jackan')).toEqual({ score: -4, label: 'negative' });
  });

  it('takes extra words and thresholds from the config', () => {
    const custom = scoreSentiment({ positiveFrom: 4, negativeFrom: -1, negationWords: 3, words: { blå: -1, bra: 4 } }, ['sv']);
    expect(custom(mention({ text: 'bra', language: 'sv' })).enrichment.sentiment).toEqual({ score: 4, label: 'positive' });
    expect(custom(mention({ text: 'blå', language: 'sv' })).enrichment.sentiment).toEqual({ score: -1, label: 'negative' });
  });

  it('scores Norwegian and Danish in their own lexicons, nb and nn as Norwegian', () => {
    const nordic = scoreSentiment(defaults, ['sv', 'nb', 'da', 'en']);
    const of = (text: string, language: string) => nordic(mention({ text, language })).enrichment.sentiment;
    // A plainly negative Norwegian post (the Swedish list gave 0; the machine-translated
    // AFINN-165 list scores `forferdelig` +4).
    expect(of('Forferdelig kundeservice. Jakka gikk i stykker og ingen svarer. Elendig!', 'nb')).toEqual({ score: -6, label: 'negative' });
    expect(of('Forferdelig kundeservice. Jakka gikk i stykker og ingen svarer. Elendig!', 'nn')).toEqual({ score: -6, label: 'negative' });
    expect(of('Kjempefornøyd med jakka, anbefales!', 'no')).toEqual({ score: 6, label: 'positive' });
    // Danish through AFINN-da's stems: forfærdeligt → forfærd (-3), skuffede → skuf (-2).
    expect(of('Forfærdeligt og skuffende', 'da')).toEqual({ score: -5, label: 'negative' });
    expect(of('Vi er meget tilfredse', 'da')).toEqual({ score: 2, label: 'positive' });
  });

  it('uses the negation words of the mention language', () => {
    const nordic = scoreSentiment(defaults, ['sv', 'no', 'da', 'en']);
    const of = (text: string, language: string) => nordic(mention({ text, language })).enrichment.sentiment!.score;
    expect(of('ikke bra', 'no')).toBe(-2);
    expect(of('aldri fornøyd', 'no')).toBe(-2);
    expect(of('ikke godt', 'da')).toBe(-3);
    expect(of('aldrig glad', 'da')).toBe(-3);
    expect(of('not glad', 'da')).toBe(-3);
    // Swedish `icke` is no Norwegian negation, Norwegian `aldri` no Danish one.
    expect(of('icke fornøyd', 'no')).toBe(2);
    expect(of('aldri glad', 'da')).toBe(3);
  });

  it('falls back to English for languages without a lexicon', () => {
    expect(sentiment('good', 'xx')).toEqual({ score: 3, label: 'positive' });
  });
});

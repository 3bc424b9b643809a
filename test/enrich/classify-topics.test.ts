import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../../enrich/classify-topics.ts';
import { enrichConfig } from '../../enrich/config.ts';
import { mention } from '../helpers/mentions.ts';
import { logLines } from '../setup.ts';
import { parseConfig } from '../../config/load.ts';
import { createEnricher } from '../../enrich/pipeline.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const classifier = (extra: Record<string, unknown> = {}) => enrichConfig.parse({ classifier: { file: 'topics-train.jsonl', ...extra } }).classifier!;

describe('topic classifier', () => {
  it('trains naive Bayes on Swedish stems and reports precision and recall on every 5th example', () => {
    const { report } = trainClassifier(classifier(), fixtures);
    expect(report.trained).toBe(36);
    expect(report.heldOut).toBe(9);
    expect(report.labels.map((l) => l.label)).toEqual(['hallbarhet', 'jobb', 'kundservice']);
    expect(report.labels.map((l) => [l.label, l.precision, Number(l.recall.toFixed(2)), l.support])).toEqual([
      ['hallbarhet', 1, 0.25, 4],
      ['jobb', 1, 0.67, 3],
      ['kundservice', 1, 0.5, 2],
    ]);
  });

  it('adds its label to the rule-based topics when confident', () => {
    const { step } = trainClassifier(classifier({ minConfidence: 0.5 }), fixtures);
    const m = step(mention({ text: 'kundtjänst svarar inte och leveransen är försenad', enrichment: { topics: ['jobb'] } }));
    expect(m.enrichment.topics).toEqual(['jobb', 'kundservice']);
    expect(step(mention({ text: 'kundtjänst svarar inte och leveransen är försenad', enrichment: { topics: ['kundservice'] } })).enrichment.topics).toEqual([
      'kundservice',
    ]);
  });

  it('adds nothing when no label is confident enough', () => {
    const { step } = trainClassifier(classifier({ minConfidence: 0.99 }), fixtures);
    expect(step(mention({ text: 'hej hopp', enrichment: { topics: [] } })).enrichment.topics).toEqual([]);
  });

  it('trains logistic regression too', () => {
    const { step, report } = trainClassifier(classifier({ kind: 'logistic', minConfidence: 0.4 }), fixtures);
    expect(report.heldOut).toBe(9);
    expect(step(mention({ text: 'vi söker en ny designer, skicka ansökan', enrichment: { topics: [] } })).enrichment.topics).toEqual(['jobb']);
  });

  it('names the file and line of a bad example', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rykte-cls-'));
    await writeFile(join(dir, 'bad.jsonl'), '{"text": "a", "topics": ["x"]}\n{"text": 1}\n');
    expect(() => trainClassifier(classifier({ file: 'bad.jsonl' }), dir)).toThrow(`topic classifier: ${join(dir, 'bad.jsonl')}:2: expected {"text": string, "topics": [string]}`);
  });

  it('logs its evaluation when the enricher trains it', () => {
    createEnricher(parseConfig({ enrich: { classifier: { file: 'topics-train.jsonl' } } }, join(fixtures, 'rykte.yml')));
    const event = logLines.find((l) => l.event === 'enrich.classifier_trained');
    expect(event).toMatchObject({ stage: 'enrich', file: 'topics-train.jsonl', trained: 36, heldOut: 9 });
    expect(event!.labels).toHaveLength(3);
  });
});

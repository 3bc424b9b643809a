import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import LogisticRegressionClassifier from 'natural/lib/natural/classifiers/logistic_regression_classifier.js';
import stemmerSv from 'natural/lib/natural/stemmers/porter_stemmer_sv.js';
import type { Mention } from '../model/mention.ts';
import type { EnrichConfig } from './config.ts';

/**
 * Optional trained topics: natural's naive Bayes or logistic regression over Swedish stems,
 * trained once from a JSONL file of `{"text", "topics"}` examples when the enricher is built.
 * Every `holdoutEvery`-th example is held out and scored, so the config author sees how good
 * the classifier is before trusting it. Its topics are added to the rule-based ones.
 */
export interface LabelScore {
  label: string;
  precision: number;
  recall: number;
  support: number;
}

export interface ClassifierReport {
  trained: number;
  heldOut: number;
  labels: LabelScore[];
}

interface Example {
  text: string;
  topics: string[];
}

export function readExamples(file: string): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw new Error(`topic classifier: ${file}:${i + 1}: invalid JSON: ${(error as Error).message}`);
      }
      const ex = raw as Partial<Example>;
      if (typeof ex.text !== 'string' || !Array.isArray(ex.topics)) {
        throw new Error(`topic classifier: ${file}:${i + 1}: expected {"text": string, "topics": [string]}`);
      }
      return { text: ex.text, topics: ex.topics.map(String) };
    });
}

export function trainClassifier(config: NonNullable<EnrichConfig['classifier']>, baseDir: string) {
  const examples = readExamples(resolve(baseDir, config.file));
  const make = () => new (config.kind === 'logistic' ? LogisticRegressionClassifier : BayesClassifier)(stemmerSv);
  const train = make();
  const test: Example[] = [];
  examples.forEach((ex, i) => {
    if ((i + 1) % config.holdoutEvery === 0) test.push(ex);
    // One document per label: natural's classifiers are single-label; the top label is taken.
    else for (const t of ex.topics.length ? ex.topics : ['none']) train.addDocument(ex.text, t);
  });
  train.train();

  const predict = (text: string): string[] => {
    const ranked = train.getClassifications(text);
    const total = ranked.reduce((a, c) => a + c.value, 0);
    const top = ranked[0];
    if (!top || total <= 0 || top.label === 'none' || top.value / total < config.minConfidence) return [];
    return [top.label];
  };

  const labels = [...new Set(examples.flatMap((e) => e.topics))].sort();
  const report: ClassifierReport = {
    trained: examples.length - test.length,
    heldOut: test.length,
    labels: labels.map((label) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const ex of test) {
        const got = predict(ex.text).includes(label);
        const want = ex.topics.includes(label);
        if (got && want) tp++;
        else if (got) fp++;
        else if (want) fn++;
      }
      return { label, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, support: tp + fn };
    }),
  };

  const step = (m: Mention): Mention => {
    const found = predict(`${m.title ?? ''} ${m.text}`);
    if (!found.length) return m;
    const topics = [...new Set([...(m.enrichment.topics ?? []), ...found])];
    return { ...m, enrichment: { ...m.enrichment, topics } };
  };
  return { step, report };
}

import type { Config } from '../config/schema.ts';
import type { Mention } from '../model/mention.ts';
import { events } from '../log/events.ts';
import { createAnalyzer } from './analyze.ts';
import { attributeStaff } from './attribute-staff.ts';
import { trainClassifier, type ClassifierReport } from './classify-topics.ts';
import { enrichConfig } from './config.ts';
import { detectLanguage } from './detect-language.ts';
import { extractEntities } from './extract-entities.ts';
import { matchQueries } from './match-queries.ts';
import { scoreSentiment } from './score-sentiment.ts';

/** One enrich step: a pure function of a mention (and what it was built from). */
export type EnrichStep = (mention: Mention) => Mention;

export interface EnricherOptions {
  /** Receives the held-out evaluation when a topic classifier is trained. */
  onClassifierTrained?: (report: ClassifierReport) => void;
}

/**
 * Build the enrich stage for a config: steps are compiled once (queries, rosters) and then run
 * in order on every mention. Order matters: later steps read what earlier ones wrote
 * (queries read hashtags and the detected language; sentiment picks its lexicon by language).
 */
export function createEnricher(config: Config, options: EnricherOptions = {}): EnrichStep {
  const enrich = config.enrich ?? enrichConfig.parse({});
  const analyze = createAnalyzer(config.languages);
  const steps: EnrichStep[] = [
    extractEntities,
    detectLanguage(config.languages, enrich.detectLanguage),
    matchQueries(config, analyze),
    attributeStaff(config.staff, analyze),
    scoreSentiment(enrich.sentiment, config.languages),
  ];
  if (enrich.classifier) {
    const { step, report } = trainClassifier(enrich.classifier, config.baseDir);
    events.classifierTrained(enrich.classifier.file, report);
    options.onClassifierTrained?.(report);
    steps.push(step);
  }
  return (mention) => steps.reduce((m, step) => step(m), mention);
}

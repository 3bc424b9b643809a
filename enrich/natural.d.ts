// natural is imported by file (its package root loads every module); these are the files we use.
declare module 'natural/lib/natural/stemmers/porter_stemmer_sv.js' {
  const stemmer: { stem(word: string): string; tokenizeAndStem(text: string): string[] };
  export default stemmer;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(word: string): string; tokenizeAndStem(text: string): string[] };
  export default stemmer;
}
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  import type { Classifier } from 'natural/lib/natural/classifiers/classifier-type';
  const BayesClassifier: Classifier;
  export default BayesClassifier;
}
declare module 'natural/lib/natural/classifiers/logistic_regression_classifier.js' {
  import type { Classifier } from 'natural/lib/natural/classifiers/classifier-type';
  const LogisticRegressionClassifier: Classifier;
  export default LogisticRegressionClassifier;
}
declare module 'natural/lib/natural/classifiers/classifier-type' {
  export interface TrainedClassifier {
    addDocument(text: string | string[], label: string): void;
    train(): void;
    classify(text: string | string[]): string;
    getClassifications(text: string | string[]): { label: string; value: number }[];
  }
  export type Classifier = new (stemmer?: { stem(word: string): string; tokenizeAndStem(text: string): string[] }) => TrainedClassifier;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_no.js' {
  const stemmer: { stem(word: string): string; tokenizeAndStem(text: string): string[] };
  export default stemmer;
}

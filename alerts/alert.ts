import type { TopMention } from './query.ts';

/** An alert as stored in the alerts index (index/templates/v1/alerts.json) and sent to notifiers. */
export interface AlertDoc {
  /** Deterministic: the same rule, key and match time is the same alert, never a second one. */
  id: string;
  '@timestamp': string;
  rule: string;
  type: string;
  key: string;
  matchTime: string;
  summary: string;
  current?: number;
  reference?: number;
  storyId?: string;
  mentionIds: string[];
  topMentions: TopMention[];
  /** Brands of the mentions behind it (`enrichment.brands` is an alias of it, as on mentions: the dashboards' brand filter). */
  brands?: string[];
  window?: { from: string; to: string };
  /** The Elasticsearch request that produced the counts (evidence to re-run). */
  query?: unknown;
  details?: Record<string, unknown>;
  discoverUrl?: string;
  notifications: NotificationOutcome[];
  /**
   * `pending` from the moment the alert is stored until its notifiers were tried, then `done`.
   * A leader that dies in between leaves it `pending`; the next leader sends it (alerts/engine.ts).
   */
  delivery?: 'pending' | 'done';
}

export interface NotificationOutcome {
  notifier: string;
  status: 'sent' | 'failed';
  attempts: number;
  error?: string;
  at: string;
}

/** Time for notifiers: injected so tests and the rate limiter run on a fake clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Notifier {
  name: 'slack' | 'webhook' | 'console';
  /** Resolves with the attempts it took; throws a NotifyError when it gave up. */
  send(alert: AlertDoc): Promise<number>;
}

export class NotifyError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'NotifyError';
  }
}

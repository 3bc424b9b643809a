import type { AlertsConfig } from '../config.ts';
import { realClock, type Clock, type Notifier } from '../alert.ts';
import { createConsoleNotifier } from './console.ts';
import { createSlackNotifier } from './slack.ts';
import { createWebhookNotifier } from './webhook.ts';

/** The configured notifiers, keyed by their name in `alerts.notifiers`; `publicUrl` is `serve.publicUrl` (story links). */
export function createNotifiers(config: AlertsConfig['notifiers'], clock: Clock = realClock, write?: (line: string) => void, publicUrl?: string): Notifier[] {
  const out: Notifier[] = [];
  if (config.slack) out.push(createSlackNotifier({ ...config.slack, publicUrl }, clock));
  if (config.webhook) out.push(createWebhookNotifier(config.webhook, clock));
  if (config.console) out.push(createConsoleNotifier(write));
  return out;
}

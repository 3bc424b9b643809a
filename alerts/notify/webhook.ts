import { registerSecret, registerSecretUrl } from '../../log/redact.ts';
import type { AlertDoc, Clock, Notifier } from '../alert.ts';
import { postJson } from './http.ts';

/** A generic JSON webhook: each alert POSTed as its alerts-index document (without notification outcomes). */
export function createWebhookNotifier(options: { url: string; headers: Record<string, string>; retries: number; timeoutSecs: number }, clock: Clock): Notifier {
  registerSecretUrl(options.url);
  for (const value of Object.values(options.headers)) registerSecret(value);
  return {
    name: 'webhook',
    send(alert: AlertDoc) {
      const { notifications: _, ...body } = alert;
      return postJson('webhook', options.url, body, { ...options, clock });
    },
  };
}

import type { AlertDoc, Notifier } from '../alert.ts';

/** One readable line per alert on stdout (the `alerts.fired` log event carries the rest). */
export function consoleLine(alert: AlertDoc): string {
  const numbers = alert.current !== undefined ? ` [current ${alert.current}${alert.reference !== undefined ? `, reference ${alert.reference}` : ''}]` : '';
  return `ALERT ${alert.rule} ${alert.key} at ${alert.matchTime}: ${alert.summary}${numbers}${alert.storyId ? ` (rykte story ${alert.storyId})` : ''}`;
}

export function createConsoleNotifier(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Notifier {
  return {
    name: 'console',
    async send(alert) {
      write(consoleLine(alert));
      return 1;
    },
  };
}

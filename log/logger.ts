import pino, { type Logger } from 'pino';
import { CENSOR, redactText } from './redact.ts';

// Kept here for units that register their credentials with the logger.
export { registerSecret, redactText as redactSecrets } from './redact.ts';

/** Where log lines go: stderr, so stdout stays free for command output (tables, JSONL). */
export interface LineSink {
  write(line: string): void;
}

let sink: LineSink = { write: (line) => process.stderr.write(line) };

/** Tests point the logger at a buffer to assert on named events. */
export function setLogSink(next: LineSink): void {
  sink = next;
}

export const logger: Logger = pino(
  {
    level: process.env.RYKTE_LOG_LEVEL ?? 'info',
    base: { app: 'rykte' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'apiKey', '*.apiKey', 'token', '*.token', 'bearerToken', '*.bearerToken', 'webhookUrl', '*.webhookUrl', 'headers.authorization', '*.headers.authorization'],
      censor: CENSOR,
    },
  },
  { write: (line: string) => sink.write(redactText(line)) },
);

import pino, { type Logger } from 'pino';

/**
 * Values that must never reach a log line: everything interpolated from the environment
 * into the config, plus anything a unit registers (tokens, webhook URLs). Redaction happens
 * on the serialised line, so a secret inside an error message or a stack is caught too.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values ("1", "on") would redact innocent text and protect nothing.
  if (value && value.length >= 6) secrets.add(value);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join('[redacted]');
  }
  return out;
}

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
      censor: '[redacted]',
    },
  },
  { write: (line: string) => sink.write(redactSecrets(line)) },
);

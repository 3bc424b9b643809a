import { CommanderError } from 'commander';
import { ConfigError } from '../config/load.ts';
import { explainElasticsearchError } from '../index/connect.ts';
import { redactText } from '../log/redact.ts';
import { buildProgram } from './program.ts';

// Command output is redacted like the log (README "Secrets"): a feed URL's `?token=` in what
// `rykte once` prints, a secret quoted in an error. Costs a substring search per write.
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redactText(chunk) : chunk, ...rest)) as typeof stream.write;
}

try {
  await buildProgram().parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // Expected failures (bad config, cluster down) get one clear line, not a stack.
  const message = error instanceof ConfigError ? error.message : (explainElasticsearchError(error) ?? `rykte: ${(error as Error).message}`);
  console.error(redactText(message));
  process.exitCode = 1;
}

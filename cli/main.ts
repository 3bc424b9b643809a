import { CommanderError } from 'commander';
import { ConfigError } from '../config/load.ts';
import { explainElasticsearchError } from '../index/connect.ts';
import { redactText } from '../log/redact.ts';
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // Expected failures (bad config, cluster down) get one clear line, not a stack.
  const message = error instanceof ConfigError ? error.message : (explainElasticsearchError(error) ?? `rykte: ${(error as Error).message}`);
  console.error(redactText(message));
  process.exitCode = 1;
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load.ts';
import { redactSecrets } from '../log/logger.ts';
import * as alerts from './commands/alerts.ts';
import * as demo from './commands/demo.ts';
import * as es from './commands/es.ts';
import * as importCmd from './commands/import.ts';
import * as once from './commands/once.ts';
import * as run from './commands/run.ts';
import * as search from './commands/search.ts';
import * as setup from './commands/setup.ts';

const program = new Command('rykte')
  .description('social listening for PR teams: collect brand mentions, attribute them to staff, track how stories spread, alert on spikes')
  .option('-c, --config <file>', 'config file (default: $RYKTE_CONFIG or ./rykte.yml)')
  .showHelpAfterError();

for (const command of [setup, importCmd, once, run, search, demo, es, alerts]) command.register(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // Expected failures (bad config, cluster down) get one clear line, not a stack.
  const message = error instanceof ConfigError ? error.message : `rykte: ${(error as Error).message}`;
  console.error(redactSecrets(message));
  process.exitCode = 1;
}

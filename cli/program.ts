import { Command } from 'commander';
import * as alerts from './commands/alerts.ts';
import * as authors from './commands/authors.ts';
import * as demo from './commands/demo.ts';
import * as enrich from './commands/enrich.ts';
import * as errorsCmd from './commands/errors.ts';
import * as es from './commands/es.ts';
import * as forget from './commands/forget.ts';
import * as importCmd from './commands/import.ts';
import * as kibana from './commands/kibana.ts';
import * as network from './commands/network.ts';
import * as once from './commands/once.ts';
import * as retention from './commands/retention.ts';
import * as run from './commands/run.ts';
import * as search from './commands/search.ts';
import * as serve from './commands/serve.ts';
import * as setup from './commands/setup.ts';
import * as status from './commands/status.ts';
import * as stories from './commands/stories.ts';
import * as story from './commands/story.ts';

/** The `rykte` command tree: every command registers itself from its own file. */
export function buildProgram(): Command {
  const program = new Command('rykte')
    .description('social listening for PR teams: collect brand mentions, attribute them to staff, track how stories spread, alert on spikes')
    .option('-c, --config <file>', 'config file (default: $RYKTE_CONFIG or ./rykte.yml)')
    .showHelpAfterError();
  for (const command of [setup, importCmd, once, run, status, search, enrich, authors, network, stories, story, alerts, serve, kibana, errorsCmd, forget, retention, demo, es]) {
    command.register(program);
  }
  return program;
}

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { kibanaLinks } from '../../dashboards/ids.ts';
import { importSavedObjects } from '../../dashboards/kibana/import.ts';
import { savedObjects, toNdjson } from '../../dashboards/kibana/objects.ts';
import { events } from '../../log/events.ts';
import { configPath } from '../context.ts';

/** Secrets come from the environment, never from the command line (where `ps` shows them). */
function credentials(opts: { apiKey?: boolean; username?: string }) {
  if (opts.apiKey) {
    const apiKey = process.env.KIBANA_API_KEY;
    if (!apiKey) throw new Error('kibana: --api-key reads the key from KIBANA_API_KEY, which is not set');
    return { apiKey };
  }
  if (opts.username) {
    const password = process.env.KIBANA_PASSWORD;
    if (!password) throw new Error('kibana: --username reads the password from KIBANA_PASSWORD, which is not set');
    return { username: opts.username, password };
  }
  return {};
}

export function register(program: Command) {
  const kibana = program.command('kibana').description('Kibana saved objects: data views, a Discover search and the "Brand pulse" dashboard');
  kibana
    .command('import')
    .description('install the saved objects through Kibana\'s import API (overwrites rykte\'s own objects; safe to repeat)')
    .option('--url <url>', 'Kibana base URL (default: alerts.kibanaUrl)')
    .option('--api-key', 'authenticate with the API key in KIBANA_API_KEY')
    .option('--username <name>', 'authenticate as this user, password from KIBANA_PASSWORD')
    .option('--space <id>', 'Kibana space (default: the default space)')
    .action(async (opts: { url?: string; apiKey?: boolean; username?: string; space?: string }, cmd: Command) => {
      const config = await loadConfig(configPath(cmd.optsWithGlobals().config));
      const url = opts.url ?? config.alerts.kibanaUrl;
      if (!url) throw new Error('kibana: no Kibana URL: pass --url or set alerts.kibanaUrl');
      if (!/^https?:\/\//.test(url)) throw new Error(`kibana: Expected \`--url\` to be an http(s) URL, got \`${url}\``);
      const objects = savedObjects(config.elasticsearch.indexPrefix);
      const count = await importSavedObjects({ url, space: opts.space, ...credentials(opts) }, toNdjson(objects));
      events.kibanaImported(url, count);
      console.log(`kibana: imported ${count} of ${objects.length} saved objects${opts.space ? ` into space ${opts.space}` : ''}`);
      console.log(`open the dashboard: ${kibanaLinks(url, config.elasticsearch.indexPrefix).dashboard(opts.space)}`);
    });
  kibana
    .command('export')
    .description('write the saved objects as NDJSON, for Stack Management → Saved objects → Import')
    .option('-o, --output <file>', 'write here instead of stdout')
    .action(async (opts: { output?: string }, cmd: Command) => {
      const config = await loadConfig(configPath(cmd.optsWithGlobals().config));
      const ndjson = toNdjson(savedObjects(config.elasticsearch.indexPrefix));
      if (!opts.output) return void process.stdout.write(ndjson);
      await writeFile(opts.output, ndjson);
      console.error(`kibana: wrote ${ndjson.trimEnd().split('\n').length} saved objects to ${opts.output}`);
    });
}

import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { runOnce } from '../../ingest/runner.ts';
import { alertOverIndexedRange } from '../../alerts/live.ts';
import { setup } from '../../index/access.ts';
import { ensureLocalElasticsearch } from '../../scripts/elasticsearch.ts';
import { openPipeline } from '../context.ts';
import { logger } from '../../log/logger.ts';

/** The demo's rumour story (named after the blog post that started it). */
const RUMOUR = 'rss:https://friluftsbloggen.se/2026/11/20/fjallvind-flyttar-produktionen-till-kina';

const demoConfig = fileURLToPath(new URL('../../demo/rykte.yml', import.meta.url));

export function register(program: Command) {
  program
    .command('demo')
    .description('what `npm start` runs: start a local Elasticsearch (unless ELASTICSEARCH_URL is set), install templates, ingest the bundled demo (or --config\'s sources) and run its alert rules over it')
    .action(async (_opts, cmd: Command) => {
      // The demo talks to a person: only warnings and errors as log lines.
      if (!process.env.RYKTE_LOG_LEVEL) logger.level = 'warn';
      if (!process.env.ELASTICSEARCH_URL) {
        console.log('Starting a local Elasticsearch (the first time fetches it with mvn)...');
        const es = await ensureLocalElasticsearch();
        console.log(`Elasticsearch ${es.version} ${es.started ? 'started' : 'already running'} at ${es.url}`);
      }
      // `--config` runs the same steps on another config (tests run the demo under their own prefix).
      const pipeline = await openPipeline(cmd.optsWithGlobals().config ?? demoConfig, { refresh: true });
      const web = `http://${pipeline.config.serve.host}:${pipeline.config.serve.port}`;
      try {
        await setup(pipeline.client, pipeline.names);
        // Always the whole demo file: ids are deterministic, so a second `npm start` re-indexes in place.
        const results = await runOnce(pipeline, { persist: false });
        for (const r of results) console.log(`${r.source}: ${r.indexed} mentions indexed, ${r.rejected} rejected, ${r.problems.length} problems`);
        console.log(`alerts: ${(await alertOverIndexedRange(pipeline)).length} new alerts over the demo's time range`);
      } finally {
        await pipeline.close();
      }
      console.log(`
The demo is in Elasticsearch. Try:
  npx rykte search fjällvind                         newest mentions with the word
  npx rykte search --brand fjallvind --sentiment negative --from 2026-11-20 --to 2026-11-21
  npx rykte stories --sort size                      the stories, the rumour first
  npx rykte story '${RUMOUR}'
                                                     how the rumour spread, staff marked ★
  npx rykte authors                                  top authors, advocates, detractors
  npx rykte network                                  who engages with staff
  npx rykte es stop                                  stop the local Elasticsearch

See it in a browser (the rumour's cascade is one click from the overview):
  npx rykte serve                                    then open ${web}/
                                                     the rumour: ${web}/story?id=${encodeURIComponent(RUMOUR)}

Install the dashboards in your Kibana (8.9 or later; key or password from the environment):
  KIBANA_API_KEY=... npx rykte kibana import --url http://localhost:5601 --api-key`);
    });
}

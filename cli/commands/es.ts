import type { Command } from 'commander';
import { ensureLocalElasticsearch, readLocalElasticsearch, stopLocalElasticsearch } from '../../scripts/elasticsearch.ts';

export function register(program: Command) {
  const es = program.command('es').description('the local Elasticsearch used when neither elasticsearch.url nor ELASTICSEARCH_URL is set');
  es.command('start')
    .description('fetch (first time, with mvn) and start a local single-node Elasticsearch; prints its URL')
    .action(async () => console.log((await ensureLocalElasticsearch()).url));
  es.command('stop')
    .description('stop the local Elasticsearch (its data stays for the next start)')
    .action(async () => console.log((await stopLocalElasticsearch()) ? 'stopped' : 'not running'));
  es.command('status')
    .description('print the local Elasticsearch URL, or "not running"')
    .action(async () => console.log((await readLocalElasticsearch())?.url ?? 'not running'));
}

import type { Command } from 'commander';
import { searchMentions, type MentionQuery } from '../../index/search.ts';
import { configPath, openPipeline } from '../context.ts';
import { table } from '../table.ts';
import type { Mention } from '../../model/mention.ts';

export function mentionRow(m: Mention): string[] {
  return [
    m.publishedAt.slice(0, 16).replace('T', ' '),
    m.platform,
    m.author.handle ?? m.author.name ?? m.author.id ?? '',
    (m.enrichment.brands ?? []).join(','),
    m.enrichment.sentiment?.label ?? '',
    m.title ? `${m.title} — ${m.text}` : m.text,
  ];
}

export function register(program: Command) {
  program
    .command('search')
    .description('search mentions: free text (Elasticsearch simple query string) plus filters; newest first')
    .argument('[query...]', 'words that must all match; "phrases", -exclude, a|b, prefix*')
    .option('--brand <id>', 'brand id from the config')
    .option('--product <id>', 'product id')
    .option('--topic <id>', 'topic id')
    .option('--author <handle>', 'author handle or id')
    .option('--staff <id>', 'mentions touching this staff member in any way')
    .option('--platform <name>', 'x, rss, mastodon, bluesky, ...')
    .option('--lang <code>', 'language (ISO 639-1)')
    .option('--sentiment <label>', 'positive, neutral or negative')
    .option('--story <id>', 'mentions of one story')
    .option('--from <date>', 'published at or after (ISO date or now-7d)')
    .option('--to <date>', 'published before (ISO date or date math)')
    .option('-n, --size <n>', 'how many to show', (v) => Number.parseInt(v, 10), 20)
    .option('--sort <order>', 'newest, oldest or relevance', 'newest')
    .option('--json', 'print {"total", "mentions"} as JSON instead of a table')
    .action(async (words: string[], opts: Record<string, any>, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const query: MentionQuery = { ...opts, text: words.join(' ') || undefined, language: opts.lang };
        const { total, mentions } = await searchMentions(pipeline.client, pipeline.names, query);
        if (opts.json) {
          console.log(JSON.stringify({ total, mentions }));
          return;
        }
        console.log(table(['published', 'platform', 'author', 'brands', 'tone', 'text'], mentions.map(mentionRow)));
        console.log(`\n${mentions.length} of ${total} mentions`);
      } finally {
        await pipeline.close();
      }
    });
}

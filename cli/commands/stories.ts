import type { Command } from 'commander';
import { searchStories, type StoryQuery } from '../../index/stories.ts';
import type { StoryDoc } from '../../enrich/stories/story.ts';
import { configPath, openPipeline } from '../context.ts';
import { table } from '../table.ts';

const sortOrders = ['velocity', 'size', 'virality'];

export function storyRow(s: StoryDoc): string[] {
  return [
    s.id,
    String(s.size),
    String(s.depth),
    String(s.maxBreadth),
    s.virality.toFixed(2),
    `${s.velocity.current.toFixed(1)}/h`,
    s.lastSeen.slice(0, 16).replace('T', ' '),
    `${s.staff.people.length ? '★ ' : ''}${s.title}`,
  ];
}

export function register(program: Command) {
  program
    .command('stories')
    .description('list stories (groups of mentions about one claim) with how far and fast they spread')
    .option('--from <date>', 'active at or after (ISO date or now-7d)')
    .option('--to <date>', 'started before (ISO date or date math)')
    .option('--brand <id>', 'brand id from the config')
    .option('--min-size <n>', 'at least this many mentions', (v) => Number.parseInt(v, 10))
    .option('--sort <order>', 'velocity (mentions/hour now), size or virality', 'velocity')
    .option('-n, --size <n>', 'how many to show', (v) => Number.parseInt(v, 10), 20)
    .option('--json', 'print {"total", "stories"} as JSON instead of a table')
    .action(async (opts: Record<string, any>, cmd: Command) => {
      if (!sortOrders.includes(opts.sort)) throw new Error(`stories: Expected \`--sort\` to be one of ${sortOrders.join(', ')}, got \`${opts.sort}\``);
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const query: StoryQuery = { from: opts.from, to: opts.to, brand: opts.brand, minSize: opts.minSize, sort: opts.sort, size: opts.size };
        const { total, stories } = await searchStories(pipeline.client, pipeline.names, query);
        if (opts.json) {
          console.log(JSON.stringify({ total, stories }));
          return;
        }
        console.log(table(['story', 'size', 'depth', 'breadth', 'virality', 'velocity', 'last seen', 'title'], stories.map(storyRow)));
        console.log(`\n${stories.length} of ${total} stories`);
      } finally {
        await pipeline.close();
      }
    });
}

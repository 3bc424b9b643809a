import type { Command } from 'commander';
import { getStory, storyMentions } from '../../index/stories.ts';
import type { StoryDoc } from '../../enrich/stories/story.ts';
import type { Mention } from '../../model/mention.ts';
import { configPath, openPipeline } from '../context.ts';

export interface StoryNodeOut {
  id: string;
  parentId: string | null;
  parentVia: string | null;
  inferred: boolean;
  depth: number;
  publishedAt: string;
  author: string;
  staff: string[];
  text: string;
}

export function storyNodes(mentions: Mention[]): StoryNodeOut[] {
  return mentions.map((m) => {
    const s = m.enrichment.story;
    return {
      id: m.id,
      parentId: s?.parentId ?? null,
      parentVia: s?.parentVia ?? null,
      inferred: s?.inferred ?? false,
      depth: s?.depth ?? 0,
      publishedAt: m.publishedAt,
      author: m.author.handle ?? m.author.name ?? m.author.id ?? '',
      staff: m.enrichment.staff?.authoredBy ?? [],
      text: (m.title ? `${m.title} — ${m.text}` : m.text).replace(/\s+/g, ' ').trim(),
    };
  });
}

const MAX_INDENT = 24;

/**
 * The cascade as an indented tree, children in time order: `↳` a stated edge (reply, quote,
 * repost), `⇢` an inferred one (shared link, near-duplicate text), `★` a post by staff.
 * Orphans whose parent was never collected hang under a "(not collected)" line.
 */
export function renderTree(story: StoryDoc, nodes: StoryNodeOut[], limit = 1000): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kids = new Map<string, StoryNodeOut[]>();
  const tops: string[] = [];
  for (const n of [...nodes].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id))) {
    const key = n.parentId ?? '';
    if (n.parentId && !byId.has(n.parentId) && !kids.has(n.parentId)) tops.push(n.parentId);
    if (!n.parentId) tops.push(n.id);
    if (!kids.has(key)) kids.set(key, []);
    kids.get(key)!.push(n);
  }
  const lines = [
    `story ${story.id}: ${story.title}`,
    `  ${story.size} mentions by ${story.uniqueAuthors} authors · depth ${story.depth} · max breadth ${story.maxBreadth} · virality ${story.virality.toFixed(3)} · ${story.trees} tree${story.trees === 1 ? '' : 's'}` +
      ` · ${story.velocity.current.toFixed(1)}/h (×${story.velocity.ratio.toFixed(1)}) · reach ${story.reach}`,
    `  staff: ${story.staff.people.length ? story.staff.people.join(', ') : 'none'}${story.staff.started ? ' · started it' : ''}${story.staff.amplified ? ' · amplified' : ''}${story.staff.replied ? ' · replied' : ''}` +
      ` · inferred edges ${story.inferred}${story.orphans ? ` · ${story.orphans} orphans` : ''}`,
    '',
  ];
  const line = (n: StoryNodeOut, level: number) => {
    const indent = '  '.repeat(Math.min(level, MAX_INDENT)) + (level > MAX_INDENT ? `(${level}) ` : '');
    const edge = level === 0 || !byId.has(n.parentId ?? '') ? '' : n.inferred ? `⇢ ${n.parentVia}? ` : `↳ ${n.parentVia} `;
    const staff = n.staff.length ? ` ★${n.staff.join(',')}` : '';
    return `${indent}${edge}${n.publishedAt.slice(0, 16).replace('T', ' ')}  @${n.author}${staff}  ${n.text.slice(0, 100)}`;
  };
  let printed = 0;
  for (const top of tops) {
    const stack: [StoryNodeOut, number][] = [];
    if (byId.has(top)) stack.push([byId.get(top)!, 0]);
    else {
      lines.push(`(not collected) ${top}`);
      for (const c of [...(kids.get(top) ?? [])].reverse()) stack.push([c, 1]);
    }
    while (stack.length && printed < limit) {
      const [n, level] = stack.pop()!;
      lines.push(line(n, level));
      printed++;
      for (const c of [...(kids.get(n.id) ?? [])].reverse()) stack.push([c, level + 1]);
    }
  }
  if (printed < nodes.length) lines.push(`… ${nodes.length - printed} more (use --json for all)`);
  return lines.join('\n');
}

export function register(program: Command) {
  program
    .command('story')
    .description('show how one story spread: its cascade as a tree with times, authors, staff (★) and inferred edges (⇢)')
    .argument('<id>', 'story id (from `rykte stories`)')
    .option('-n, --size <n>', 'most nodes to print', (v) => Number.parseInt(v, 10), 1000)
    .option('--json', 'print {"story", "nodes"}: every metric and every node with its parent')
    .action(async (id: string, opts: { size: number; json?: boolean }, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      try {
        const story = await getStory(pipeline.client, pipeline.names, id);
        if (!story) throw new Error(`story: no story \`${id}\` (list them with \`rykte stories\`)`);
        const nodes = storyNodes(await storyMentions(pipeline.client, pipeline.names, [id]));
        console.log(opts.json ? JSON.stringify({ story, nodes }) : renderTree(story, nodes, opts.size));
      } finally {
        await pipeline.close();
      }
    });
}

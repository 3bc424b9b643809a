import type { Pipeline } from '../ingest/pipeline.ts';
import { erasedAuthors } from '../index/erased.ts';
import { moveMentions } from '../index/stories.ts';
import { events } from '../log/events.ts';
import type { Mention } from '../model/mention.ts';
import { createStoryTracker } from './stories/hooks.ts';

const BATCH = 1000;
type Hooks = ReturnType<typeof createStoryTracker>;

/**
 * Story placement for `rykte run`, where several workers index mentions at once: one worker at
 * a time (the holder of the `stories` lease) places every indexed mention that has no story
 * place yet. Mentions of one cascade may come from different workers in any order; the tracker's
 * answer does not depend on arrival order (enrich/stories/tracker.ts), so placing each mention
 * once, whenever it shows up, gives exactly the stories one worker importing everything would.
 * A collector re-indexing a mention wipes its place; it is placed again on the next round.
 * The cost: each mention is read back once and updated once more.
 */
export async function placeUnplaced(pipeline: Pick<Pipeline, 'client' | 'names' | 'state'>, hooks: Hooks, active: () => boolean = () => true): Promise<number> {
  // Authors erased since the last round (`rykte forget`) leave the tracker's memory first.
  await hooks.erased(await erasedAuthors(pipeline.state));
  let placed = 0;
  while (active()) {
    const response = await pipeline.client.search<Mention>({
      index: pipeline.names.alias('mentions'),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: BATCH,
      query: { bool: { must_not: { exists: { field: 'enrichment.story.id' } } } },
      sort: [{ collectedAt: 'asc' }, { id: 'asc' }],
    });
    const mentions = response.hits.hits.map((h) => h._source!);
    if (!mentions.length) break;
    const withPlace = await hooks.beforeIndex(mentions);
    const nodes = withPlace.flatMap((m) => hooks.tracker.node(m.id) ?? []);
    // Refreshed, so the next search no longer finds them.
    await moveMentions(pipeline.client, pipeline.names, nodes, true);
    await hooks.afterIndex();
    placed += nodes.length;
    // A batch that placed nothing would come back the same: stop rather than spin.
    if (mentions.length < BATCH || nodes.length === 0) break;
  }
  if (placed) await hooks.afterRun();
  return placed;
}

/**
 * The placement loop: every `intervalSecs` while `active()` (this worker holds the lease). A
 * worker that loses the lease drops its tracker; if it wins the lease back it starts from what
 * is in Elasticsearch, like any new holder.
 */
export function startStoryStage(pipeline: Pipeline, active: () => boolean, intervalSecs: number) {
  let hooks: Hooks | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    if (!active()) hooks = undefined;
    else {
      hooks ??= createStoryTracker(pipeline);
      await placeUnplaced(pipeline, hooks, active).catch((e) => events.storiesFailed('place', (e as Error).message));
    }
    if (!stopped) timer = setTimeout(() => void (running = loop()), intervalSecs * 1000);
  };
  let running = loop();
  return {
    /** Stop after one last round, so what the worker's own runs indexed last is placed before its lease goes. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await loop();
    },
  };
}

import type { StorySnapshot } from './rule.ts';

/** Shared by the story rules: which stories fired already (a story alerts once), pruned after 30 days. */
export interface StoryRuleState {
  fired: Record<string, number>;
  /** Size of each story at the last evaluation, to tell whether it is still growing. */
  sizes: Record<string, number>;
}

const KEEP_MS = 30 * 86_400_000;

export function nextStoryState(saved: StoryRuleState | undefined, stories: StorySnapshot[], now: number): StoryRuleState {
  const s: StoryRuleState = saved ? structuredClone(saved) : { fired: {}, sizes: {} };
  for (const [id, at] of Object.entries(s.fired)) if (now - at > KEEP_MS) delete s.fired[id];
  const present = new Set(stories.map((st) => st.id));
  for (const id of Object.keys(s.sizes)) if (!present.has(id)) delete s.sizes[id];
  return s;
}

export function storyLink(story: StorySnapshot): string {
  return story.title ? `"${story.title}"` : `story ${story.id}`;
}

/** The story's time range as evidence: first to last mention. */
export function storyWindow(story: StorySnapshot, now: number) {
  return { from: story.firstSeen ?? new Date(now - 86_400_000).toISOString(), to: story.lastSeen ?? new Date(now).toISOString() };
}

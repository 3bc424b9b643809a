import type { Rule } from './rule.ts';
import { baseline } from './baseline.ts';
import { newVoice } from './new-voice.ts';
import { spike } from './spike.ts';
import { staffInvolved } from './staff-involved.ts';
import { storyVelocity } from './story-velocity.ts';

/** Alert rules by the `type` name rules use in rykte.yml (ElastAlert2's loaders.py map). */
export const rules: Record<string, Rule> = {
  spike,
  baseline,
  'story-velocity': storyVelocity,
  'staff-involved': staffInvolved,
  'new-voice': newVoice,
};

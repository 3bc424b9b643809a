import { getStory, storyMentions } from '../../index/stories.ts';
import { storyNodes } from '../../cli/commands/story.ts';
import { kql } from '../../dashboards/ids.ts';
import { cascadeSvg, type CascadeNode } from '../cascade.ts';
import { html, jsonScript, query, safeUrl } from '../html.ts';
import { page, table } from '../layout.ts';
import type { PageHandler } from '../server.ts';
import { BadRequest, kibana, when } from './common.ts';

/** Past this many mentions the picture shows the earliest ones only (the SVG grows with every node). */
const MAX_DRAWN = 3000;
/** The table lists this many; the rest are a click away in search (page size stays bounded on big stories). */
const MAX_LISTED = 1000;

/** Cumulative mentions per hour: the story's growth curve. */
function growth(nodes: CascadeNode[]) {
  const hours = new Map<string, number>();
  for (const n of nodes) {
    const h = `${n.publishedAt.slice(0, 13)}:00`;
    hours.set(h, (hours.get(h) ?? 0) + 1);
  }
  let total = 0;
  const labels = [...hours.keys()].sort();
  return { chart: 'line', labels, series: [{ name: 'Mentions so far', values: labels.map((h) => (total += hours.get(h)!)) }] };
}

/** One story: its metrics (as `rykte story`), its cascade drawn, a time slider and growth curve, every node listed. */
export const storyPage: PageHandler = async (ctx, p) => {
  const id = p.get('id');
  if (!id) throw new BadRequest('story: the `id` parameter is missing (open a story from the stories list)');
  const story = await getStory(ctx.client, ctx.names, id);
  if (!story) return { status: 404, body: page({ title: 'No such story', path: '/stories', body: html`<p class="error">No story <code>${id}</code>.</p>` }) };
  const mentions = await storyMentions(ctx.client, ctx.names, [id]);
  const nodes: CascadeNode[] = storyNodes(mentions).map((n, i) => ({ ...n, followers: mentions[i]!.author.followers ?? 0, sentiment: mentions[i]!.enrichment.sentiment?.label }));
  const drawn = nodes.slice(0, MAX_DRAWN);
  const times = drawn.map((n) => Date.parse(n.publishedAt));
  // The slider moves in minutes from the first mention; its end is rounded up so the last one shows.
  const start = Math.min(...times);
  const end = start + Math.ceil((Math.max(...times) - start) / 60_000) * 60_000;
  const staff = story.staff;
  const rows = mentions.slice(0, MAX_LISTED).map((m, i) => {
    const n = nodes[i]!;
    const url = safeUrl(m.url);
    return [when(n.publishedAt), html`${n.inferred ? '⇢ ' : n.parentVia ? '↳ ' : ''}${n.parentVia ?? 'origin'}`, html`@${n.author}${n.staff.length ? html` <span class="staff">★ ${n.staff.join(', ')}</span>` : ''}`, url ? html`<a href="${url}" rel="noopener nofollow">${n.text}</a>` : n.text];
  });
  const body = html`
<p class="story-title">${story.title}</p>
<dl class="metrics">
  <dt>mentions</dt><dd data-metric="size">${story.size}</dd>
  <dt>authors</dt><dd>${story.uniqueAuthors}</dd>
  <dt>depth</dt><dd>${story.depth}</dd>
  <dt>max breadth</dt><dd>${story.maxBreadth}</dd>
  <dt>virality</dt><dd>${story.virality.toFixed(3)}</dd>
  <dt>trees</dt><dd>${story.trees}</dd>
  <dt>velocity</dt><dd>${story.velocity.current.toFixed(1)}/h (×${story.velocity.ratio.toFixed(1)})</dd>
  <dt>reach</dt><dd>${story.reach}</dd>
  <dt>staff</dt><dd>${staff.people.length ? staff.people.join(', ') : 'none'}${staff.started ? ' · started it' : ''}${staff.amplified ? ' · amplified' : ''}${staff.replied ? ' · replied' : ''}${staff.named ? ' · named' : ''}</dd>
  <dt>inferred edges</dt><dd>${story.inferred}${story.orphans ? ` · ${story.orphans} orphans` : ''}</dd>
  <dt>first / last</dt><dd>${when(story.firstSeen)} – ${when(story.lastSeen)}</dd>
</dl>
<section class="panel wide"><h2>Cascade</h2>
<p class="legend"><span class="key staff">staff post</span> <span class="key positive">positive</span> <span class="key neutral">neutral</span> <span class="key negative">negative</span> — solid edge: reply, quote or repost; dashed: inferred (shared link, similar text); size: the author's reach.${nodes.length > MAX_DRAWN ? ` Drawing the first ${MAX_DRAWN} of ${nodes.length} mentions.` : ''}</p>
${times.length ? html`<label class="slider">Spread until <input type="range" id="time-slider" min="${start}" max="${end}" value="${end}" step="60000"> <output id="time-label">${when(story.lastSeen)}</output></label>` : ''}
<div class="cascade-wrap">${cascadeSvg(drawn)}</div>
</section>
<section class="panel wide"><h2>Growth</h2><div class="chart"><canvas data-chart="growth"></canvas></div>${jsonScript('growth', growth(nodes))}</section>
<section class="panel wide"><h2>Mentions in time order</h2>${table(['published', 'via', 'author', 'text'], rows, 'nodes')}${mentions.length > MAX_LISTED ? html`<p class="note">The first ${MAX_LISTED} of ${mentions.length}; <a href="/search${query({ story: id, sort: 'oldest', n: 500 })}">search within the story</a> for the rest.</p>` : ''}</section>
<p><a href="/search${query({ story: id })}">Search within this story</a></p>`;
  return { body: page({ title: 'Story', path: '/stories', body, kibana: kibana(ctx)?.discover('mentions', kql({ 'enrichment.story.id': id }), { from: story.firstSeen, to: story.lastSeen }) }) };
};

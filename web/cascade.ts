import { stratify, tree, type HierarchyPointNode } from 'd3-hierarchy';
import type { StoryNodeOut } from '../cli/commands/story.ts';
import { html, type Html } from './html.ts';

/**
 * A story's cascade as a radial tree (d3-hierarchy's tidy tree in polar coordinates), laid out
 * here on the server and sent as SVG: the root in the middle, each ring one step further from
 * it; staff posts highlighted, inferred edges dashed, node area by the author's reach. Every
 * node and edge carries its time (`data-t`) for the page's time slider. A parent that was
 * never collected is drawn as a hollow placeholder, not counted as a node.
 */
export interface CascadeNode extends StoryNodeOut {
  followers: number;
  sentiment?: string;
}

interface Item {
  id: string;
  parent: string | null;
  node?: CascadeNode;
}

const ROOT = '\u0000root';
const RING = 70;
/** Arc length per node on a ring, in px. */
const NODE_ARC = 16;
const MARGIN = 40;

const radius = (followers: number) => 4 + 2 * Math.log10(1 + Math.max(0, followers));
const fills: Record<string, string> = { positive: '#3b9c5a', negative: '#c8423b', neutral: '#8b95a1' };

function items(nodes: CascadeNode[]): Item[] {
  const ids = new Set(nodes.map((n) => n.id));
  const out: Item[] = [];
  const missing = new Set<string>();
  for (const n of nodes) {
    const parent = n.parentId ?? ROOT;
    if (n.parentId && !ids.has(n.parentId) && !missing.has(n.parentId)) {
      missing.add(n.parentId);
      out.push({ id: n.parentId, parent: ROOT });
    }
    out.push({ id: n.id, parent, node: n });
  }
  return [{ id: ROOT, parent: null }, ...out];
}

export function cascadeSvg(nodes: CascadeNode[]): Html {
  const root = stratify<Item>()
    .id((d) => d.id)
    .parentId((d) => d.parent)(items(nodes));
  // Children in time order, so the tree reads clockwise from the first reaction to the last.
  root.sort((a, b) => (a.data.node?.publishedAt ?? '').localeCompare(b.data.node?.publishedAt ?? '') || a.id!.localeCompare(b.id!));
  // One real root sits in the middle; several trees (or placeholders) hang off an invisible centre.
  const top = root.children?.length === 1 && root.children[0]!.data.node ? root.children[0]!.copy() : root;
  const laid = tree<Item>()
    .size([2 * Math.PI, 1])
    .separation((a, b) => (a.parent === b.parent ? 1 : 2) / Math.max(1, a.depth))(top) as HierarchyPointNode<Item>;
  // Each ring wide enough for its nodes side by side (a rumour's first ring holds dozens of reposts).
  const perDepth: number[] = [];
  for (const d of laid.descendants()) perDepth[d.depth] = (perDepth[d.depth] ?? 0) + 1;
  const rings = [0];
  for (let d = 1; d < perDepth.length; d++) rings[d] = Math.max(rings[d - 1]! + RING, (perDepth[d]! * NODE_ARC) / (2 * Math.PI));
  const r = rings.at(-1)!;
  const point = (d: HierarchyPointNode<Item>) =>
    [rings[d.depth]! * Math.cos(d.x - Math.PI / 2), rings[d.depth]! * Math.sin(d.x - Math.PI / 2)].map((v) => Math.round(v * 10) / 10) as [number, number];
  const all = laid.descendants().filter((d) => d.id !== ROOT);
  const time = (d: HierarchyPointNode<Item>) => (d.data.node ? Date.parse(d.data.node.publishedAt) : 0);
  const edges = all
    .filter((d) => d.data.node?.parentId && d.parent && d.parent.id !== ROOT)
    .map((d) => {
      const [x1, y1] = point(d.parent!);
      const [x2, y2] = point(d);
      const n = d.data.node!;
      return html`<line class="edge${n.inferred ? ' inferred' : ''}" data-t="${time(d)}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${n.inferred ? '#9aa5b1' : '#5b6770'}" stroke-width="1.2"${n.inferred ? html` stroke-dasharray="4 3"` : ''}><title>${n.parentVia ?? ''}${n.inferred ? ' (inferred)' : ''}</title></line>`;
    });
  const circles = all.map((d) => {
    const [x, y] = point(d);
    const n = d.data.node;
    if (!n) return html`<circle class="missing" cx="${x}" cy="${y}" r="5" fill="none" stroke="#8b95a1" stroke-dasharray="2 2"><title>not collected: ${d.id}</title></circle>`;
    const staff = n.staff.length > 0;
    const label = staff || !n.parentId ? html`<text x="${x + radius(n.followers) + 2}" y="${y + 4}">@${n.author}${staff ? ` ★` : ''}</text>` : '';
    return html`<g class="node${staff ? ' staff' : ''}" data-id="${n.id}" data-t="${time(d)}"><circle cx="${x}" cy="${y}" r="${radius(n.followers).toFixed(1)}" fill="${staff ? '#e8a33d' : (fills[n.sentiment ?? ''] ?? fills.neutral)}" stroke="${staff ? '#7a4b00' : '#ffffff'}" stroke-width="${staff ? 2.5 : 1}"><title>@${n.author}${staff ? ` (staff: ${n.staff.join(', ')})` : ''} · ${n.publishedAt.slice(0, 16).replace('T', ' ')} · ${n.followers} followers\n${n.text.slice(0, 120)}</title></circle>${label}</g>`;
  });
  const size = 2 * (r + MARGIN) + 160;
  const half = size / 2;
  return html`<svg class="cascade" role="img" aria-label="cascade" viewBox="${-half} ${-half} ${size} ${size}" width="${size}" height="${size}">${edges}${circles}</svg>`;
}

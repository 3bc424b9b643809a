import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { AccountRow } from '../index/network.ts';
import { html, type Html } from './html.ts';

/**
 * The company's network as the sum of its people's: staff members and the accounts that engage
 * with them, laid out by d3-force on the server (a fixed number of ticks from d3's own
 * deterministic start, so the same data draws the same picture). Edge width: interactions;
 * edge colour: the account's mean tone toward that person.
 */
interface GraphNode extends SimulationNodeDatum {
  id: string;
  kind: 'staff' | 'account';
  label: string;
}
interface GraphLink extends SimulationLinkDatum<GraphNode> {
  staff: string;
  account: string;
  row: AccountRow;
}

const SIZE = 900;
const TICKS = 300;

const toneColour = (mean: number | null) => (mean === null ? '#8b95a1' : mean >= 1 ? '#3b9c5a' : mean <= -1 ? '#c8423b' : '#8b95a1');

export function networkSvg(staff: { id: string; name: string }[], perPerson: Record<string, AccountRow[]>): Html {
  const nodes: GraphNode[] = staff.map((s) => ({ id: `staff:${s.id}`, kind: 'staff', label: s.name }));
  const accounts = new Map<string, GraphNode>();
  const links: GraphLink[] = [];
  for (const s of staff) {
    for (const row of perPerson[s.id] ?? []) {
      if (!accounts.has(row.handle)) accounts.set(row.handle, { id: `account:${row.handle}`, kind: 'account', label: `@${row.handle}` });
      links.push({ source: `staff:${s.id}`, target: `account:${row.handle}`, staff: s.id, account: row.handle, row });
    }
  }
  nodes.push(...accounts.values());
  forceSimulation(nodes)
    .force('link', forceLink<GraphNode, GraphLink>(links).id((d) => d.id).distance(90))
    .force('charge', forceManyBody().strength(-160))
    .force('collide', forceCollide(18))
    .force('x', forceX(0).strength(0.05))
    .force('y', forceY(0).strength(0.05))
    .stop()
    .tick(TICKS);
  const xs = nodes.map((n) => n.x!);
  const ys = nodes.map((n) => n.y!);
  const pad = 90;
  const labelRoom = 170; // account labels run to the right of their dot
  const [minX, maxX, minY, maxY] = [Math.min(...xs, 0) - pad, Math.max(...xs, 0) + labelRoom, Math.min(...ys, 0) - pad, Math.max(...ys, 0) + pad];
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const edges = links.map((l) => {
    const s = l.source as GraphNode;
    const t = l.target as GraphNode;
    const tone = l.row.meanSentiment;
    return html`<line class="link" data-staff="${l.staff}" data-account="${l.account}" data-weight="${l.row.total}" x1="${r1(s.x!)}" y1="${r1(s.y!)}" x2="${r1(t.x!)}" y2="${r1(t.y!)}" stroke="${toneColour(tone)}" stroke-width="${1 + 1.5 * Math.sqrt(l.row.total)}" stroke-opacity="0.8"><title>@${l.account} → ${l.staff}: ${l.row.total} interactions (${l.row.repliesTo} replies, ${l.row.quotes} quotes, ${l.row.reposts} reposts, ${l.row.mentions} mentions), mean tone ${tone ?? 'n/a'}</title></line>`;
  });
  const dots = nodes.map((n) =>
    n.kind === 'staff'
      ? html`<g class="person" data-id="${n.id.slice('staff:'.length)}"><circle cx="${r1(n.x!)}" cy="${r1(n.y!)}" r="14" fill="#e8a33d" stroke="#7a4b00" stroke-width="2.5"></circle><text class="staff-label" x="${r1(n.x!)}" y="${r1(n.y! - 19)}" text-anchor="middle">${n.label}</text></g>`
      : html`<g class="account" data-id="${n.label.slice(1)}"><circle cx="${r1(n.x!)}" cy="${r1(n.y!)}" r="6" fill="#4a78b5"></circle><text x="${r1(n.x! + 8)}" y="${r1(n.y! + 4)}">${n.label}</text></g>`,
  );
  const w = maxX - minX;
  const h = maxY - minY;
  return html`<svg class="network" role="img" aria-label="staff network" viewBox="${r1(minX)} ${r1(minY)} ${r1(w)} ${r1(h)}" width="${Math.min(SIZE, r1(w))}" height="${r1(Math.min(SIZE, w) * (h / w))}">${edges}${dots}</svg>`;
}

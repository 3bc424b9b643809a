import { searchStories, type StoryQuery } from '../../index/stories.ts';
import { storyRow } from '../../cli/commands/stories.ts';
import { kql } from '../../dashboards/ids.ts';
import { html, query } from '../html.ts';
import { filterForm, input, page, select, table } from '../layout.ts';
import type { PageHandler } from '../server.ts';
import { BadRequest, count, kibana, params } from './common.ts';

const sorts = ['velocity', 'size', 'virality'] as const;

/** Stories with the filters and sorts of `rykte stories`, through the same query. */
export const storiesPage: PageHandler = async (ctx, p) => {
  const f = params(p, ['from', 'to', 'brand', 'minSize', 'sort', 'n']);
  const sort = (f.sort ?? 'velocity') as StoryQuery['sort'];
  if (!sorts.includes(sort!)) throw new BadRequest(`stories: Expected \`sort\` to be one of ${sorts.join(', ')}, got \`${f.sort}\``);
  const size = count(f.n, 50);
  const minSize = f.minSize ? count(f.minSize, 1, 1_000_000) : undefined;
  const { total, stories } = await searchStories(ctx.client, ctx.names, { from: f.from, to: f.to, brand: f.brand, minSize, sort, size });
  const rows = stories.map((s) => {
    const [id, ...rest] = storyRow(s);
    return [html`<a href="/story${query({ id })}">${id}</a>`, ...rest];
  });
  const body = html`
${filterForm([
  input('from', 'Active from', f.from),
  input('to', 'Started before', f.to),
  select('brand', 'Brand', ctx.config.brands.map((b) => b.id), f.brand),
  input('minSize', 'Min size', minSize, 'number'),
  select('sort', 'Sort by', [...sorts], sort, ''),
  input('n', 'Show', size, 'number'),
])}
<p class="count">${stories.length} of ${total} stories</p>
${table(['story', 'size', 'depth', 'breadth', 'virality', 'velocity', 'last seen', 'title'], rows, 'stories numeric')}`;
  return { body: page({ title: 'Stories', path: '/stories', body, kibana: kibana(ctx)?.discover('stories', kql({ brands: f.brand }), f) }) };
};

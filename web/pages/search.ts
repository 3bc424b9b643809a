import { searchMentions, type MentionQuery } from '../../index/search.ts';
import { mentionRow } from '../../cli/commands/search.ts';
import { kql } from '../../dashboards/ids.ts';
import { html, query, safeUrl } from '../html.ts';
import { filterForm, input, page, select, table } from '../layout.ts';
import type { PageHandler } from '../server.ts';
import { BadRequest, count, kibana, params } from './common.ts';

const keys = ['q', 'brand', 'product', 'topic', 'author', 'staff', 'platform', 'lang', 'sentiment', 'story', 'from', 'to', 'sort', 'n'] as const;
const sorts = ['newest', 'oldest', 'relevance'] as const;

/** `rykte search` as a page: the same filters, the same query (index/search.ts). */
export const searchPage: PageHandler = async (ctx, p) => {
  const f = params(p, keys);
  const sort = (f.sort ?? 'newest') as MentionQuery['sort'];
  if (!sorts.includes(sort!)) throw new BadRequest(`search: Expected \`sort\` to be one of ${sorts.join(', ')}, got \`${f.sort}\``);
  const size = count(f.n, 50);
  const q: MentionQuery = { ...f, text: f.q, language: f.lang, sort, size };
  const { total, mentions } = await searchMentions(ctx.client, ctx.names, q);
  const c = ctx.config;
  const rows = mentions.map((m) => {
    const cells: (string | ReturnType<typeof html>)[] = mentionRow(m);
    const url = safeUrl(m.url);
    if (url) cells[5] = html`<a href="${url}" rel="noopener nofollow">${cells[5] as string}</a>`;
    cells.push(m.enrichment.story?.id ? html`<a href="/story${query({ id: m.enrichment.story.id })}">story</a>` : '');
    return cells;
  });
  const body = html`
${filterForm([
  input('q', 'Words', f.q, 'search'),
  select('brand', 'Brand', c.brands.map((b) => b.id), f.brand),
  select('product', 'Product', c.brands.flatMap((b) => b.products.map((x) => x.id)), f.product),
  select('topic', 'Topic', c.topics.map((t) => t.id), f.topic),
  input('author', 'Author', f.author),
  select('staff', 'Staff', c.staff.map((s) => s.id), f.staff),
  input('platform', 'Platform', f.platform),
  select('lang', 'Language', c.languages, f.lang),
  select('sentiment', 'Tone', ['positive', 'neutral', 'negative'], f.sentiment),
  input('story', 'Story', f.story),
  input('from', 'From', f.from),
  input('to', 'To', f.to),
  select('sort', 'Sort', [...sorts], sort, ''),
  input('n', 'Show', size, 'number'),
])}
<p class="count">${mentions.length} of ${total} mentions</p>
${table(['published', 'platform', 'author', 'brands', 'tone', 'text', ''], rows, 'mentions')}`;
  const terms = { 'enrichment.brands': f.brand, 'enrichment.products': f.product, 'enrichment.topics': f.topic, 'author.handle': f.author, 'enrichment.staff.people': f.staff, platform: f.platform, language: f.lang, 'enrichment.sentiment.label': f.sentiment, 'enrichment.story.id': f.story };
  const kibanaQuery = [f.q, kql(terms)].filter(Boolean).join(' and ');
  return { body: page({ title: 'Search', path: '/search', body, kibana: kibana(ctx)?.discover('mentions', kibanaQuery, f) }) };
};

/**
 * Writes N generated mentions in the import format for the import benchmarks: the demo's
 * brands, topics, staff and words (scripts/demo-texts.ts, demo/rykte.yml), one mention every
 * 30 s (1,000,000 span eleven months). 30% replies — half of them around a few hot posts at a
 * time, most others to the last hours' posts, 1 in 50 to any earlier post (outside the story
 * working set) —, 15% reposts, 10% shared links (to articles shared in their first days), 2%
 * blog posts (with a title and URL), 3% copies of a recent post's text; staff write 3% of the
 * posts.
 *
 * An original post is a demo template (or an off-topic post) plus a few words drawn from the
 * demo texts of its language, so two posts from one template are not near-duplicates (Jaccard
 * well under 0.5): a year of a brand's mentions is not ninety sentences repeated, which would
 * make every post join one of a few hundred stories that never end. The copies are
 * near-duplicates, as copy-paste is. Streams to the file: memory stays flat at any N.
 * Deterministic for a given N (seeded PRNG).
 *
 *   npx tsx bench/make-mentions.ts <n> <out.jsonl>
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.ts';
import type { ImportLine } from '../ingest/import.ts';
import * as T from '../scripts/demo-texts.ts';
import { prng } from './prng.ts';


const rand = prng(9);
const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;

interface Author {
  id: string;
  handle: string;
  name: string;
  followers: number;
  lang: T.Lang;
}

const config = await loadConfig(fileURLToPath(new URL('../demo/rykte.yml', import.meta.url)));
const staff: Author[] = config.staff.flatMap((s) => (s.accounts.x ?? []).map((handle) => ({ id: `s-${handle}`, handle, name: s.name, followers: T.staffFollowers[s.id] ?? 500, lang: 'sv' as const })));
const crowd: Author[] = Array.from({ length: 20_000 }, (_, i) => {
  const lang: T.Lang = i % 4 === 0 ? 'en' : 'sv';
  const first = pick(T.names[lang].first);
  const last = pick(T.names[lang].last);
  return { id: `u${i}`, handle: `${first}${last}${i}`.toLowerCase().replace(/[^a-z0-9]/g, ''), name: `${first} ${last}`, followers: Math.round(10 + 5000 * rand() ** 4), lang };
});
/**
 * Articles people link to. A new one appears every 300 posts (2.5 hours) and is shared mostly in
 * its first days: a share picks one of the 40 newest, the newest most often. (Shares of news
 * decay within days; an earlier version shared the same 500 articles all year, which made 500
 * stories that never end and hold nearly every mention.)
 */
const articles: string[] = [];
const article = () => articles[articles.length - 1 - Math.floor(rand() ** 2 * Math.min(40, articles.length))]!;

function fill(template: string): string {
  return template.replace(/\{(\w+)(?::\w+)?\}/g, (_, slot: string) => {
    if (slot === 'brand') return pick(['Fjällvind', 'Fjällvind', '@fjallvind', '#fjallvind']);
    if (slot === 'brands') return 'Fjällvinds';
    if (slot === 'jacket') return 'Vindjacka Pro';
    if (slot === 'tent') return 'Lätt-tält 2';
    if (slot === 'staff') return `@${pick(staff).handle}`;
    return String((T.rumour as Record<string, unknown>)[slot] ?? 'Fjällvind');
  });
}

/** Words of four letters or more from the demo texts of each language. */
const vocabulary = Object.fromEntries(
  (['sv', 'en'] as const).map((lang) => {
    const texts = [...T.templates[lang].map(([, t]) => t), ...T.noise[lang], ...T.cheers[lang]];
    const words = texts.flatMap((t) => t.replace(/\{[^}]*\}/g, ' ').toLowerCase().match(/\p{L}{4,}/gu) ?? []);
    return [lang, [...new Set(words)]];
  }),
) as Record<T.Lang, string[]>;

function text(author: Author): string {
  const base = chance(0.2) ? pick(T.noise[author.lang]) : fill(pick(T.templates[author.lang])[1]);
  const words = Array.from({ length: 10 }, () => pick(vocabulary[author.lang])).join(' ');
  return `${base} ${words}${chance(0.25) ? pick(T.suffixes[author.lang]) : ''}`;
}

const n = Number(process.argv[2] ?? 100_000);
const out = createWriteStream(process.argv[3] ?? `bench-${n}.jsonl`);
const start = Date.UTC(2025, 11, 1);
// Posts others can reply to or repost: the last 2,000, and a handful of hot ones that cascades grow around.
const recent: { id: string; handle: string; text: string }[] = [];
let hot: { id: string; handle: string; text: string }[] = [];
// What goes viral is a new post, not a reply deep in last week's cascade (that would make a
// cascade that never ends): hot posts are picked from the last 1,000 posts that answer nothing.
const originals: typeof recent = [];
for (let i = 0; i < n; i++) {
  if (i % 300 === 0) articles.push(`https://${pick(['www.svd.se', 'www.dn.se', 'www.breakit.se', 'friluftsbloggen.se'])}/2026/artikel-${articles.length}?utm_source=x`);
  const author = chance(0.03) ? pick(staff) : pick(crowd);
  const at = new Date(start + i * 30_000 + Math.floor(rand() * 30_000)).toISOString();
  const line: ImportLine = { platform: 'x', id: String(1_000_000_000 + i), url: `https://x.com/${author.handle}/status/${1_000_000_000 + i}`, author: { id: author.id, handle: author.handle, name: author.name, followers: author.followers }, text: '', language: author.lang, publishedAt: at };
  const kind = rand();
  const target = recent.length === 0 ? undefined : chance(0.5) && hot.length ? pick(hot) : recent[recent.length - 1 - Math.floor(rand() ** 2 * recent.length)]!;
  if (kind < 0.3 && target) {
    // 1 in 50 replies goes to any earlier post: a story the working set may have let go.
    const to = chance(0.02) ? { id: String(1_000_000_000 + Math.floor(rand() * i)) } : { id: target.id, authorHandle: target.handle };
    line.replyTo = to;
    line.text = `@${to.authorHandle ?? 'someone'} ${chance(0.3) ? pick(T.cheers[author.lang]) : text(author)}`;
  } else if (kind < 0.45 && target) {
    line.repostOf = { id: target.id, authorHandle: target.handle };
    line.text = `RT @${target.handle}: ${target.text}`;
  } else if (kind < 0.55) {
    const link = article();
    line.text = `${text(author)} ${link}`;
    line.links = [link];
  } else if (kind < 0.57) {
    const post = `https://${author.handle}.example/inlagg-${i}`;
    line.platform = 'rss';
    line.id = post;
    line.url = post;
    line.text = text(author);
    line.title = line.text.slice(0, 60);
  } else if (kind < 0.6 && recent.length) line.text = pick(recent).text;
  else line.text = text(author);
  // Blog posts are linked to, not replied to on X.
  if (line.platform === 'x') {
    const post = { id: String(line.id), handle: author.handle, text: line.text.slice(0, 200) };
    recent.push(post);
    if (recent.length > 2000) recent.shift();
    if (!line.replyTo && !line.repostOf) originals.push(post);
    if (originals.length > 1000) originals.shift();
  }
  if (i % 2000 === 0 && originals.length) hot = [...hot.slice(-10), ...Array.from({ length: 5 }, () => pick(originals))];
  if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');

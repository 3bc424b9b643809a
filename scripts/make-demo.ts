/**
 * Makes the bundled demo data, demo/mentions.jsonl: one week (2026-11-16 to 2026-11-22, UTC)
 * of made-up mentions of Fjällvind AB in the import format. A daily rhythm, enthusiasts and
 * detractors, customer-service threads, staff posts and blogs, noise, and on Friday 20 Nov a
 * rumour ("Fjällvind flyttar produktionen till Kina") that spikes volume from 09 to 14 UTC and
 * spreads as a reply/quote/repost cascade from one influential account, with staff replying.
 *
 * Regenerate with `npx tsx scripts/make-demo.ts`. Deterministic: a seeded PRNG and fixed times,
 * so the same inputs always give the same file. The brands and staff roster (handles, blogs)
 * come from demo/rykte.yml, the words from scripts/demo-texts.ts. Every line is checked with
 * the import schema, and every reply/quote/repost must point at an earlier post in the file.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.ts';
import { importLine, type ImportLine } from '../ingest/import.ts';
import * as T from './demo-texts.ts';
import type { Lang, Platform, Template, Tone } from './demo-texts.ts';

const configFile = fileURLToPath(new URL('../demo/rykte.yml', import.meta.url));
const outFile = fileURLToPath(new URL('../demo/mentions.jsonl', import.meta.url));
const config = await loadConfig(configFile);

// --- Randomness and time -------------------------------------------------------------------

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261120);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;
function shuffle<X>(xs: readonly X[]): X[] {
  const out = [...xs];
  for (let i = out.length - 1, j = 0; i > 0; i--) [out[i], out[j]] = [out[(j = Math.floor(rand() * (i + 1)))]!, out[i]!];
  return out;
}
/** Draws without repeats until all are used, then reshuffles: templates and voices spread evenly. */
function deck<X>(xs: readonly X[]): () => X {
  let left: X[] = [];
  return () => (left.length ? left : (left = shuffle(xs))).pop()!;
}

const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;
const START = Date.UTC(2026, 10, 16);
const END = START + 7 * DAY - MIN; // 2026-11-22T23:59Z
const SPIKE_DAY = 4; // Friday 2026-11-20
/** Median minutes from the rumour's root tweet to a retweet: tuned so 09–14 UTC runs at 4–5× the usual volume. */
const RT_MEDIAN = 300;
/** Relative volume per UTC hour: quiet nights, busy 07–22 (Sweden is UTC+1 in November). */
const hourWeights = [0.1, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1, 1.6, 2.3, 2.5, 2.5, 2.4, 2.1, 1.6, 1.3, 1.2, 1.2, 1.3, 1.3, 1.2, 0.9, 0.5, 0.2];

function someTime(day = int(0, 6)): number {
  let r = rand() * hourWeights.reduce((a, b) => a + b);
  let hour = 0;
  while ((r -= hourWeights[hour]!) > 0) hour++;
  return START + day * DAY + hour * HOUR + int(0, 3599) * 1000;
}
const officeHours = (day: number) => START + day * DAY + int(7, 16) * HOUR + int(0, 3599) * 1000;
/** A moment after `t`: exponential delay with the given mean, capped, at least 20 s. */
const later = (t: number, meanMins: number, maxMins = 12 * 60) =>
  t + Math.round(Math.min(-Math.log(1 - rand()) * meanMins, maxMins) * 60) * 1000 + int(20, 59) * 1000;
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

// --- Accounts ------------------------------------------------------------------------------

type Social = Exclude<Platform, 'rss'>;
interface Account { platform: Platform; id: string; handle?: string; name: string; followers?: number; url: string; lang: Lang }

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (const c of s) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193);
  return h >>> 0;
}
const B32 = 'abcdefghijklmnopqrstuvwxyz234567', B32_SORT = '234567abcdefghijklmnopqrstuvwxyz';

/** Stable ids per network: X user ids, Mastodon account ids, Bluesky DIDs. */
function account(platform: Platform, handle: string, name: string, followers: number, lang: Lang): Account {
  const h = fnv(`${platform}:${handle}`);
  const [user, instance] = handle.split('@');
  if (platform === 'x') return { platform, id: String(100_000_000 + h), handle, name, followers, url: `https://x.com/${handle}`, lang };
  if (platform === 'mastodon') return { platform, id: String(109_300_000_000_000_000n + BigInt(h) * 9973n), handle, name, followers, url: `https://${instance}/@${user}`, lang };
  const did = `did:plc:${Array.from({ length: 24 }, (_, i) => B32[fnv(`${handle}#${i}`) % 32]).join('')}`;
  return { platform, id: did, handle, name, followers, url: `https://bsky.app/profile/${handle}`, lang };
}
/** A blog or news feed: the author of its posts is the feed itself. */
const feed = (f: { id: string; name: string; url: string }, lang: Lang): Account => ({ platform: 'rss', ...f, lang });

const ascii = (s: string) => s.toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o');
/** Mostly small accounts, a few large ones: log-scale between 15 and 30k (median ~200). */
const followers = (scale = 1) => Math.max(10, Math.round(Math.exp(Math.log(15) + rand() ** 1.7 * Math.log(2000)) * scale));
const taken = new Set<string>();

function crowd(platform: Social, lang: Lang, n: number): Account[] {
  const { first, last } = T.names[lang];
  const out: Account[] = [];
  while (out.length < n) {
    const f = pick(first), l = pick(last);
    const base = ascii(pick([`${f}${l}`, `${f}_${l[0]}`, `${f}${l.slice(0, 4)}${int(2, 99)}`, `${l}${f[0]}`, `${f}${pick(T.names[lang].tags)}`])).slice(0, 15);
    const handle = platform === 'x' ? base : platform === 'mastodon' ? `${base}@${pick(T.instances)}` : `${base.replace(/_/g, '')}.bsky.social`;
    if (taken.has(handle)) continue;
    taken.add(handle);
    out.push(account(platform, handle, `${f} ${l}`, followers(platform === 'x' ? 1 : 0.4), lang));
  }
  return out;
}
const crowds = {
  x: { sv: crowd('x', 'sv', 110), en: crowd('x', 'en', 60) },
  mastodon: { sv: crowd('mastodon', 'sv', 24), en: crowd('mastodon', 'en', 14) },
  bluesky: { sv: crowd('bluesky', 'sv', 24), en: crowd('bluesky', 'en', 18) },
};
const person = (p: (typeof T.enthusiasts)[number]) => account(p.platform, p.handle, p.name, p.followers, p.lang);

const roster = new Map(config.staff.map((s) => [s.id, s]));
const share = { x: 1, bluesky: 0.4, mastodon: 0.25, rss: 0 };
function staffAccount(id: string, platform: Social): Account | undefined {
  const s = roster.get(id);
  if (!s) throw new Error(`make-demo: staff \`${id}\` is not in demo/rykte.yml`);
  const handle = s.accounts[platform]?.[0];
  return handle ? account(platform, handle, s.name, Math.round((T.staffFollowers[id] ?? 300) * share[platform]), 'sv') : undefined;
}
function staffFeed(id: string): Account {
  const s = roster.get(id)!;
  const blog = s.blogs[0]!;
  return feed({ id: blog, name: s.name, url: new URL(blog).origin }, 'sv');
}
const brandAccount = (platform: Social, b = T.brandAccounts[platform]) => account(platform, b.handle, b.name, b.followers, 'sv');

// --- Posts ---------------------------------------------------------------------------------

type Ref = { id: string; authorId?: string; authorHandle?: string };
interface Line extends Omit<ImportLine, 'id' | 'replyTo' | 'quoteOf' | 'repostOf'> { id: string; replyTo?: Ref; quoteOf?: Ref; repostOf?: Ref }
interface Post { line: Line; at: number; lang: Lang; tone?: Tone; kind: string; by: Account }
const posts: Post[] = [];
let seq = 0;

/** Native ids as the networks make them: X snowflakes, Mastodon snowflakes, Bluesky TIDs. */
function nativeId(a: Account, at: number): string {
  seq++;
  if (a.platform === 'x') return String(((BigInt(at) - 1_288_834_974_657n) << 22n) | BigInt(seq % 4096));
  if (a.platform === 'mastodon') return String((BigInt(at) << 16n) | BigInt(seq % 65536));
  let v = ((BigInt(at) * 1000n) << 10n) | BigInt(seq % 1024);
  let tid = '';
  for (let i = 0; i < 13; i++, v >>= 5n) tid = B32_SORT[Number(v & 31n)] + tid;
  return `at://${a.id}/app.bsky.feed.post/${tid}`;
}
function postUrl(a: Account, id: string): string {
  if (a.platform === 'x') return `https://x.com/${a.handle}/status/${id}`;
  if (a.platform === 'mastodon') return `${a.url}/${id}`;
  return `${a.url}/post/${id.split('/').pop()}`;
}
/** @handles as each network writes them: `@name`, `@user@instance`, `@name.bsky.social`. */
const handlePattern: Record<Platform, RegExp | undefined> = {
  x: /@(\w{1,15})/g, mastodon: /@([\w.]+@[\w-]+(?:\.[\w-]+)+)/g, bluesky: /@([\w-]+(?:\.[\w-]+)+)/g, rss: undefined,
};
const nonEmpty = <X>(xs: X[]) => (xs.length ? xs : undefined);
const ref = (p?: Post): Ref | undefined => p && { id: p.line.id, authorId: p.by.id, authorHandle: p.by.handle };

interface Opts { kind: string; lang: Lang; tone?: Tone; replyTo?: Post; quoteOf?: Post; repostOf?: Post; links?: string[]; title?: string; id?: string }
function post(a: Account, at: number, text: string, o: Opts): Post {
  const id = o.id ?? nativeId(a, at);
  const pattern = handlePattern[a.platform];
  const line: Line = {
    platform: a.platform, id, url: a.platform === 'rss' ? id : postUrl(a, id),
    author: { id: a.id, handle: a.handle, name: a.name, followers: a.followers, url: a.url },
    title: o.title, text, language: o.lang, publishedAt: iso(at),
    replyTo: ref(o.replyTo), quoteOf: ref(o.quoteOf), repostOf: ref(o.repostOf),
    links: nonEmpty(o.links ?? text.match(/https?:\/\/\S+/g) ?? []),
    mentions: nonEmpty(pattern ? [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))] : []),
  };
  const p: Post = { line, at, lang: o.lang, tone: o.tone, kind: o.kind, by: a };
  posts.push(p);
  return p;
}
/** A reply: on X and Mastodon the text starts with the parent's @handle. */
function reply(a: Account, at: number, to: Post, text: string, o: Omit<Opts, 'replyTo'>): Post {
  const prefix = a.platform === 'bluesky' || !to.by.handle ? '' : `@${to.by.handle} `;
  return post(a, at, prefix + text, { ...o, replyTo: to });
}
/** A retweet, the X way: `RT @orig: text`, carrying the original's links. */
const repost = (a: Account, at: number, of: Post, kind: string) =>
  post(a, at, `RT @${of.by.handle}: ${of.line.text}`, { kind, lang: of.lang, tone: of.tone, repostOf: of, links: of.line.links });
const slug = (s: string) => ascii(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
function blogPost(f: Account, at: number, lang: Lang, title: string, text: string, kind: string, tone?: Tone, path?: string): Post {
  const day = new Date(at).toISOString().slice(0, 10).replace(/-/g, '/');
  const id = path?.startsWith('http') ? path : `${f.url}${path ?? `/${day}/${slug(title)}`}`;
  return post(f, at, text, { kind, lang, tone, title, id, links: [] });
}

// --- What people say -----------------------------------------------------------------------

const brandRefs: Record<Platform, readonly string[]> = {
  x: ['Fjällvind', 'Fjällvind', 'Fjällvind', 'Fjällvind', 'fjallvind', '@fjallvind', '#fjallvind'],
  mastodon: ['Fjällvind', 'Fjällvind', 'Fjällvind', 'Fjällvind', '#fjallvind', '@fjallvind@mastodon.nu'],
  bluesky: ['Fjällvind', 'Fjällvind', 'Fjällvind', 'Fjällvind', 'fjallvind', '#fjallvind'],
  rss: ['Fjällvind'],
};
function staffRef(id: string, platform: Platform): string {
  const a = platform === 'rss' ? undefined : staffAccount(id, platform);
  return a ? `@${a.handle}` : roster.get(id)!.name;
}
function fill(text: string, platform: Platform): string {
  return text.replace(/\{(\w+)(?::(\w+))?\}/g, (_, slot: string, arg?: string) => {
    if (slot === 'brand') return pick(brandRefs[platform]);
    if (slot === 'brands') return pick(['Fjällvinds', 'Fjällvinds', 'Fjällvinds', 'fjallvinds']);
    if (slot === 'jacket') return 'Vindjacka Pro';
    if (slot === 'tent') return 'Lätt-tält 2';
    if (slot === 'staff') return staffRef(arg!, platform);
    if (slot in T.rumour) return String(T.rumour[slot as keyof typeof T.rumour]);
    throw new Error(`make-demo: unknown slot {${slot}} in "${text}"`);
  });
}
/** A templated post, now and then with a product hashtag or a flourish appended. */
function talk(a: Account, at: number, [tone, template]: Template, kind: string, brandNeeded = false): Post {
  let text = fill(template, a.platform);
  if (brandNeeded && !/\{brands?\}/.test(template)) text += ' #fjallvind';
  if (template.includes('{jacket}') && chance(0.2)) text += ' #vindjackapro';
  if (template.includes('{tent}') && chance(0.2)) text += ' #lattalt';
  if (chance(0.25)) text += pick(T.suffixes[a.lang]);
  return post(a, at, text, { kind, lang: a.lang, tone });
}
const somePlatform = (): Social => pick(['x', 'x', 'x', 'mastodon', 'bluesky'] as const);
const someLang = (sv: number): Lang => (chance(sv) ? 'sv' : 'en');
const topics = { sv: deck(T.templates.sv), en: deck(T.templates.en) };
const days = deck([0, 1, 2, 3, 4, 5, 6]); // crowd and noise spread evenly over the week

// The crowd: brand, product and topic talk from many accounts, all week.
for (let i = 0; i < 150; i++) {
  const lang = someLang(0.38), platform = somePlatform();
  talk(pick(crowds[platform][lang]), someTime(days()), topics[lang](), 'crowd');
}

// Eldsjälar and detractors: the same people, warm or sour, on different days.
for (const [people, tone, kind] of [[T.enthusiasts, 'pos', 'enthusiast'], [T.detractors, 'neg', 'detractor']] as const) {
  for (const p of people) {
    const a = person(p);
    const next = deck(T.templates[p.lang].filter(([t]) => t === tone));
    for (const day of shuffle([0, 1, 2, 3, 4, 5, 6]).slice(0, p.posts)) talk(a, someTime(day), next(), kind, true);
  }
}

// Customer service: a complaint, an answer from staff or the brand account, thanks.
for (const { lang, who, says } of T.serviceThreads) {
  const customer = pick(crowds.x[lang]);
  const helper = who === 'brand' ? brandAccount('x') : staffAccount(who, 'x')!;
  const complaint = post(customer, someTime(int(0, 5)), fill(says[0], 'x'), { kind: 'service', lang, tone: 'neg' });
  const answer = reply(helper, later(complaint.at, 45, 300), complaint, says[1], { kind: 'service', lang, tone: 'neu' });
  reply(customer, later(answer.at, 90, 400), answer, says[2], { kind: 'service', lang, tone: 'pos' });
}

// Staff on their own accounts, with replies from their networks and colleagues' retweets.
const staffIds = [...roster.keys()];
for (const [id, list] of Object.entries(T.staffPosts)) {
  for (const [platform, lang, text] of list) {
    const a = staffAccount(id, platform);
    if (!a) throw new Error(`make-demo: staff \`${id}\` has no ${platform} account in demo/rykte.yml`);
    const p = post(a, someTime(pick([0, 1, 2, 3, 5])), text, { kind: 'staff', lang, tone: 'neu' });
    for (let i = int(0, 2); i > 0; i--) reply(pick(crowds[platform][lang]), later(p.at, 90), p, pick(T.cheers[lang]), { kind: 'crowd', lang, tone: 'pos' });
    if (platform === 'x' && chance(0.6)) repost(staffAccount(pick(staffIds.filter((s) => s !== id)), 'x')!, later(p.at, 60), p, 'staff');
  }
}
for (const [id, lang, title, text] of T.staffBlogPosts) blogPost(staffFeed(id), someTime(), lang, title, text, 'staff-blog', 'neu');

// The brand's own accounts, amplified by staff (X retweets) and a few fans.
for (const [platform, lang, text] of T.brandPosts) {
  const p = post(brandAccount(platform), officeHours(int(0, 3)), text, { kind: 'brand', lang, tone: 'pos' });
  if (platform !== 'x') continue;
  for (const id of shuffle(staffIds).slice(0, 2)) repost(staffAccount(id, 'x')!, later(p.at, 40), p, 'staff');
  for (let i = int(0, 3); i > 0; i--) repost(pick(crowds.x[lang]), later(p.at, 120), p, 'crowd');
}
for (const [f, day, hour, lang, title, text, path] of T.newsPosts) {
  blogPost(feed(T.feeds[f], lang), START + day * DAY + hour * HOUR + int(0, 59) * MIN, lang, title, text, 'news', 'neu', path);
}

// Noise: outdoor talk that names neither the brand nor its products.
const noise = { sv: deck(T.noise.sv), en: deck(T.noise.en) };
for (let i = 0; i < 42; i++) {
  const lang = someLang(0.45), platform = somePlatform();
  const a = pick(crowds[platform][lang]);
  post(a, someTime(days()), noise[lang]() + (chance(0.3) ? pick(T.suffixes[lang]) : ''), { kind: 'noise', lang, tone: 'neu' });
}

// --- The rumour: Friday 2026-11-20 ---------------------------------------------------------

const R = T.rumour;
const friday = (h: number, m: number) => START + SPIKE_DAY * DAY + h * HOUR + m * MIN + int(0, 59) * 1000;
/** Each voice in the cascade is a different account. */
const voice = { sv: deck(crowds.x.sv), en: deck(crowds.x.en) };
/** Delay of a reaction: log-normal, so it builds, peaks within the hour or two and trails into the evening. */
function react(after: number, medianMins: number, sigma = 0.9): number {
  const normal = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return after + Math.round(Math.min(medianMins * Math.exp(sigma * normal), 14 * 60) * 60) * 1000 + int(20, 59) * 1000;
}
const [frida, , , , , magnus, cynic] = [...T.enthusiasts, ...T.detractors].map(person);
const rumourOpts = (lang: Lang, tone: Tone) => ({ kind: 'rumour', lang, tone });
const utm = ['', '?utm_source=twitter', '?utm_source=twitter&utm_medium=social', '?utm_source=facebook', '?utm_source=newsletter&utm_campaign=fredag', '?utm_medium=social&utm_source=mastodon', '#kommentarer'];

blogPost(feed(T.feeds.blogger, 'sv'), friday(8, 41), 'sv', R.blog[0], R.blog[1], 'rumour', 'neg', R.article);
const root = post(account('x', R.granskaren.handle, R.granskaren.name, R.granskaren.followers, 'sv'), friday(9, 4), fill(R.root, 'x'), rumourOpts('sv', 'neg'));
for (let i = 0; i < 40; i++) repost(voice[someLang(0.6)](), react(root.at, RT_MEDIAN, 1), root, 'rumour');

const quotes = R.quotes.map(([lang, tone, text], i) =>
  post(i === 9 ? cynic! : voice[lang](), i === 0 ? later(root.at, 10, 30) : react(root.at, 100), text, { ...rumourOpts(lang, tone), quoteOf: root }));
const [q0, q1, , , q4] = quotes as [Post, Post, Post, Post, Post];
for (let i = 0; i < 4; i++) repost(voice.sv(), react(q0.at, 60), q0, 'rumour');
for (let i = 0; i < 2; i++) repost(voice.sv(), react(q1.at, 60), q1, 'rumour');
const onQuote = R.quoteReplies.map(([lang, tone, text], i) =>
  reply(voice[lang](), later(i === 3 ? q4.at : q0.at, 30, 180), i === 3 ? q4 : q0, text, rumourOpts(lang, tone)));
repost(voice.sv(), later(onQuote[0]!.at, 30), onQuote[0]!, 'rumour'); // depth 3
reply(q0.by, later(onQuote[1]!.at, 15, 60), onQuote[1]!, R.quoteAnswer, rumourOpts('sv', 'neg')); // depth 3

R.replies.forEach(([lang, tone, text], i) =>
  reply(i === 2 ? frida! : i === 4 ? magnus! : voice[lang](), react(root.at, 80), root, text, rumourOpts(lang, tone)));

// Staff step in: comms first, then the CEO; colleagues and the brand amplify her answer.
reply(staffAccount('erik', 'x')!, friday(10, 12), root, R.erik, rumourOpts('sv', 'neu'));
const anna = reply(staffAccount('anna', 'x')!, friday(10, 31), root, R.anna, rumourOpts('sv', 'pos'));
for (const id of ['sara', 'johan', 'maria', 'oskar']) repost(staffAccount(id, 'x')!, later(anna.at, 15, 60), anna, 'rumour');
repost(brandAccount('x'), later(anna.at, 10, 30), anna, 'rumour');
for (let i = 0; i < 4; i++) repost(voice[someLang(0.8)](), react(anna.at, 180, 1), anna, 'rumour');
const onAnna = R.annaReplies.map(([lang, tone, text]) => reply(voice[lang](), later(anna.at, 40, 200), anna, text, rumourOpts(lang, tone)));
reply(staffAccount('erik', 'x')!, later(onAnna[2]!.at, 20, 60), onAnna[2]!, R.erikToSceptic, rumourOpts('sv', 'pos')); // depth 3

// The article travels on its own too: links (with tracking variants), an English rewrite, the denial.
for (const [tone, text] of R.shares.sv) {
  const platform = somePlatform();
  const a = platform === 'x' ? voice.sv() : pick(crowds[platform].sv);
  post(a, react(friday(9, 0), 240, 1), `${text} ${R.article}${pick(utm)}`, rumourOpts('sv', tone));
}
const english = blogPost(feed(T.feeds.gossip, 'en'), friday(13, 20), 'en', R.blogEn[0], R.blogEn[1], 'rumour', 'neg', R.articleEn);
for (const [tone, text] of R.shares.en) post(voice.en(), later(english.at, 120, 480), `${text} ${R.articleEn}${pick(utm)}`, rumourOpts('en', tone));
for (const platform of ['x', 'mastodon', 'bluesky'] as const) {
  const lang = platform === 'bluesky' ? 'en' : 'sv';
  const p = post(brandAccount(platform), friday(11, 48 + 3 * ['x', 'mastodon', 'bluesky'].indexOf(platform)), fill(R.statementText[lang], platform), rumourOpts(lang, 'pos'));
  if (platform === 'x') for (let i = 0; i < 2; i++) repost(voice.sv(), react(p.at, 150), p, 'rumour');
}
blogPost(staffFeed('anna'), friday(15, 34), 'sv', R.annaBlog[0], R.annaBlog[1], 'rumour', 'pos');
blogPost(feed(T.feeds.news, 'sv'), friday(16, 10), 'sv', R.newsFollowUp[0], R.newsFollowUp[1], 'rumour', 'neu', R.newsFollowUp[2]);
blogPost(feed(T.feeds.blogger, 'sv'), START + 5 * DAY + 9 * HOUR + 30 * MIN, 'sv', R.correction[0], R.correction[1], 'rumour', 'neu', R.correction[2]);
for (const [lang, tone, text] of R.dayAfter) {
  const platform = somePlatform();
  post(pick(crowds[platform][lang]), someTime(5), fill(text, platform), rumourOpts(lang, tone));
}

// --- Check, write, summarise ---------------------------------------------------------------

posts.sort((a, b) => a.at - b.at);
const seen = new Set<string>();
for (const [n, p] of posts.entries()) {
  const where = `make-demo: line ${n + 1} (${p.line.platform}:${p.line.id})`;
  const parsed = importLine.safeParse(JSON.parse(JSON.stringify(p.line)));
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.message}`);
  if (p.at < START || p.at > END) throw new Error(`${where}: ${p.line.publishedAt} is outside the demo week`);
  const key = `${p.line.platform}:${p.line.id}`;
  if (seen.has(key)) throw new Error(`${where}: duplicate id`);
  for (const r of [p.line.replyTo, p.line.quoteOf, p.line.repostOf]) {
    if (r && !seen.has(`${p.line.platform}:${r.id}`)) throw new Error(`${where}: its parent ${JSON.stringify(r)} is not earlier in the file`);
  }
  seen.add(key);
}
await writeFile(outFile, posts.map((p) => JSON.stringify(p.line)).join('\n') + '\n');

const count = <X>(xs: X[], key: (x: X) => string) =>
  Object.entries(xs.reduce<Record<string, number>>((acc, x) => ((acc[key(x)] = (acc[key(x)] ?? 0) + 1), acc), {})).sort((a, b) => b[1] - a[1]);
const show = (xs: [string, number][]) => xs.map(([k, n]) => `${k} ${n}`).join(', ');
const pct = (n: number) => `${Math.round((100 * n) / posts.length)}%`;

// The cascade: everything that replies to, quotes or reposts the root, at any depth.
const children = new Map<string, Post[]>();
for (const p of posts) for (const r of [p.line.replyTo, p.line.quoteOf, p.line.repostOf]) if (r) children.set(r.id, [...(children.get(r.id) ?? []), p]);
const tree: [Post, number][] = [[root, 0]];
for (let i = 0; i < tree.length; i++) for (const c of children.get(tree[i]![0].line.id) ?? []) tree.push([c, tree[i]![1] + 1]);
const via = (p: Post) => (p.line.repostOf ? 'reposts' : p.line.quoteOf ? 'quotes' : 'replies');

const staffHandles = new Set(config.staff.flatMap((s) => [...Object.entries(s.accounts).flatMap(([pl, hs]) => hs.map((h) => `${pl}:${h}`)), ...s.blogs.map((b) => `rss:${b}`)]));
const byStaff = posts.filter((p) => staffHandles.has(`${p.line.platform}:${p.by.platform === 'rss' ? p.by.id : p.by.handle}`));
const spikeStart = START + SPIKE_DAY * DAY + 9 * HOUR, spikeEnd = spikeStart + 5 * HOUR;
const inSpike = posts.filter((p) => p.at >= spikeStart && p.at < spikeEnd).length;
const sameHoursElsewhere = posts.filter((p) => Math.floor((p.at - START) / DAY) !== SPIKE_DAY && (p.at - START) % DAY >= 9 * HOUR && (p.at - START) % DAY < 14 * HOUR).length / (6 * 5);
const brandHandles = new Set<string | undefined>(Object.values(T.brandAccounts).map((b) => b.handle));
const warm = posts.filter((p) => p.tone === 'pos' && !p.line.repostOf && !byStaff.includes(p) && !brandHandles.has(p.by.handle));
const fans = count(warm, (p) => `${p.line.platform}:${p.by.handle ?? p.by.id}`).filter(([, n]) => n >= 4);

console.log(`${outFile}: ${posts.length} mentions, ${posts[0]!.line.publishedAt} .. ${posts.at(-1)!.line.publishedAt}`);
console.log(`platform:  ${show(count(posts, (p) => p.line.platform))}`);
console.log(`language:  ${show(count(posts, (p) => p.lang).map(([k, n]) => [`${k} (${pct(n)})`, n]))}`);
console.log(`day:       ${show(count(posts, (p) => p.line.publishedAt.slice(0, 10)).sort(([a], [b]) => a.localeCompare(b)))}`);
console.log(`kind:      ${show(count(posts, (p) => p.kind))}`);
console.log(`tone:      ${show(count(posts, (p) => p.tone ?? '-'))}; rumour: ${show(count(posts.filter((p) => p.kind === 'rumour'), (p) => p.tone ?? '-'))}`);
console.log(`spike:     ${inSpike} mentions 2026-11-20 09:00–14:00 UTC = ${(inSpike / 5).toFixed(1)}/h; same hours other days ${sameHoursElsewhere.toFixed(1)}/h (×${(inSpike / 5 / sameHoursElsewhere).toFixed(1)}); whole week ${(posts.length / 168).toFixed(1)}/h`);
console.log(`cascade:   root x:${root.line.id} (@${root.by.handle}), ${tree.length} posts incl. root (${show(count(tree.slice(1).map(([p]) => p), via))}), max depth ${Math.max(...tree.map(([, d]) => d))}`);
console.log(`staff:     ${byStaff.length} mentions by staff (${show(count(byStaff, (p) => p.line.platform))})`);
console.log(`eldsjälar: ${show(fans)}`);

import type { Mention, PostRef, StaffRelations } from '../model/mention.ts';
import { normalBlog, normalHandle, type StaffConfig } from './config.ts';
import type { QueryDocument } from './query/document.ts';
import { fold, words } from './text.ts';

/** Path endings that name a blog's feed rather than its site. */
const feedTail = /\/(?:feeds\/posts\/default|comments\/feed|feed|feeds|rss2?|atom|rdf|[^/]*\.(?:rss|atom|rdf|xml))$/;
const normalUrl = (url: string) => normalBlog(url.replace(/[?#].*$/, ''));

/**
 * The site a blog's posts live on, from its configured URL (a feed or the site itself): host,
 * and path when the blog lives under one, without the feed part — `https://anna.se/blogg/feed`
 * → `anna.se/blogg`; WordPress `?feed=rss2`, Blogger `/feeds/posts/default`, `/rss.xml`,
 * Medium `medium.com/feed/@anna` → `medium.com/@anna`. A feed on another host than its posts
 * (a feed service) gives that host: list the site URL too.
 */
export function blogSite(url: string): string {
  let site = normalUrl(url).replace(/\/feed(?=\/@)/, '');
  for (let next = site.replace(feedTail, ''); next !== site; next = site.replace(feedTail, '')) site = next;
  return site;
}

/**
 * Staff attribution: which people on the roster a mention touches, and how. The roster is
 * indexed once: accounts per platform (handle or account id → person), blog sites, and
 * names/aliases as folded word sequences keyed by their first word.
 */
export function attributeStaff(staff: StaffConfig[], analyze: (m: Mention) => QueryDocument) {
  const accounts = new Map<string, string>();
  const blogs: { site: string; person: string }[] = [];
  const names = new Map<string, { words: string[]; person: string }[]>();
  for (const person of staff) {
    for (const [platform, handles] of Object.entries(person.accounts)) {
      for (const h of handles) accounts.set(`${platform}:${fold(normalHandle(h))}`, person.id);
    }
    for (const b of person.blogs) blogs.push({ site: blogSite(b), person: person.id });
    for (const name of [person.name, ...person.aliases]) {
      const w = words(name).map(fold);
      if (!w.length) continue;
      const list = names.get(w[0]!) ?? [];
      list.push({ words: w, person: person.id });
      names.set(w[0]!, list);
    }
  }

  // Keys are folded like the mention's handles, so `@Åsa` and `asa` are one account.
  const account = (platform: string, handle?: string) => (handle ? accounts.get(`${platform}:${fold(normalHandle(handle))}`) : undefined);
  const refOwner = (platform: string, ref?: PostRef) => (ref ? (account(platform, ref.authorHandle) ?? account(platform, ref.authorId)) : undefined);
  const blogOwner = (...urls: (string | undefined)[]) => {
    if (!blogs.length) return undefined;
    for (const url of urls) {
      if (!url) continue;
      const u = normalUrl(url);
      const hit = blogs.find((b) => u.startsWith(b.site) && (u.length === b.site.length || u[b.site.length] === '/'));
      if (hit) return hit.person;
    }
    return undefined;
  };

  return (m: Mention): Mention => {
    if (!staff.length) return m;
    const p = m.platform;
    // A post on a staff blog's site is theirs whichever collector brought it (its feed, another
    // feed, an import); the feed id counts only for rss, where it is the feed URL.
    const author =
      account(p, m.author.handle) ?? account(p, m.author.id) ?? blogOwner(m.url, m.author.url, p === 'rss' ? m.author.id : undefined);

    const doc = analyze(m);
    const mentioned = new Set<string>();
    for (const h of doc.handles) {
      const who = accounts.get(`${p}:${h}`);
      if (who) mentioned.add(who);
    }
    const w = doc.words;
    for (let i = 0; i < w.length; i++) {
      const candidates = names.get(w[i]!);
      if (!candidates) continue;
      for (const name of candidates) if (name.words.every((nw, j) => w[i + j] === nw)) mentioned.add(name.person);
    }

    const r = m.references;
    const repliesTo = refOwner(p, r.replyTo);
    const quotes = refOwner(p, r.quoteOf);
    const reposts = refOwner(p, r.repostOf);
    // Most mentions touch no one on the roster.
    if (!author && !mentioned.size && !repliesTo && !quotes && !reposts) return m;
    // Amplification: a staff member passing on someone else's post (their own posts don't count;
    // a parent whose author is unknown counts as someone else's).
    const amplifies = !!author && ((!!r.repostOf && reposts !== author) || (!!r.quoteOf && quotes !== author));

    const relations: StaffRelations = {};
    const set = (key: keyof StaffRelations, ids: (string | undefined)[]) => {
      const list = [...new Set(ids.filter((x): x is string => !!x))].sort();
      if (list.length) relations[key] = list;
    };
    set('authoredBy', [author]);
    set('mentions', [...mentioned]);
    set('repliesTo', [repliesTo]);
    set('quotes', [quotes]);
    set('reposts', [reposts]);
    set('amplifiedBy', [amplifies ? author : undefined]);
    set('people', Object.values(relations).flat());
    if (!relations.people) return m;
    return { ...m, enrichment: { ...m.enrichment, staff: relations } };
  };
}

import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertDoc } from '../../alerts/alert.ts';
import { alertsConfig } from '../../alerts/config.ts';
import { createEngine } from '../../alerts/engine.ts';
import { countEvents } from '../../alerts/query.ts';
import { createNotifiers } from '../../alerts/notify/index.ts';
import { StateStore } from '../../index/state.ts';
import { writeMentions } from '../../index/writer.ts';
import type { Mention } from '../../model/mention.ts';
import { elasticsearchUrl, testPipeline } from '../helpers/elasticsearch.ts';
import { fakeClock } from '../helpers/clock.ts';
import { loopback } from '../helpers/loopback.ts';
import { mention } from '../helpers/mentions.ts';
import { story } from '../helpers/stories.ts';
import { alertDoc } from '../helpers/alerts.ts';
import { logLines } from '../setup.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
let slack: Awaited<ReturnType<typeof loopback>>;
let slackDown: Awaited<ReturnType<typeof loopback>>;
const clients: Client[] = [];

const at = (hhmm: string, day = '2026-11-20') => Date.parse(`${day}T${hhmm}:00Z`);
const iso = (ms: number) => new Date(ms).toISOString();

/** `perMinute` mentions of `brand` in every minute of [from, to); followers rise so the top mention is known. */
function traffic(brand: string, from: string, to: string, perMinute: number): Mention[] {
  const out: Mention[] = [];
  for (let t = at(from); t < at(to); t += 60_000) {
    for (let i = 0; i < perMinute; i++) {
      const published = t + i * 1000;
      out.push(mention({ nativeId: `${brand}-${t}-${i}`, publishedAt: iso(published), collectedAt: iso(published + 5000), author: { handle: `a${i}`, followers: t / 60_000 - at('00:00') / 60_000 + i }, enrichment: { brands: [brand] } }));
    }
  }
  return out;
}

/** A fresh engine on its own client, as after a restart: everything it knows comes from the state index. */
function engine(rules: unknown[], now: () => number, slackUrl = `${slack.url}/services/T/B/secret-hook`, extra: Record<string, unknown> = {}) {
  const client = new Client({ node: elasticsearchUrl() });
  clients.push(client);
  const config = alertsConfig.parse({ queryDelaySecs: 30, notifiers: { slack: { webhookUrl: slackUrl, retries: 0 }, console: false }, rules, ...extra });
  return createEngine({ client, names: env.names, state: new StateStore(client, env.names), config, now: () => new Date(now()), notifiers: createNotifiers(config.notifiers, fakeClock()) });
}

/** Let real I/O (Elasticsearch, the loopback server) run until `done()`, with fake timers installed. */
async function until(done: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setImmediate(r));
}

const getAlert = async (id: string) => (await env.client.get<AlertDoc>({ index: env.names.index('alerts'), id }))._source!;

beforeAll(async () => {
  env = await testPipeline();
  slack = await loopback((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  slackDown = await loopback((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end('service_unavailable');
  });
  await writeMentions(
    env.client,
    env.names,
    [...traffic('fjallvind', '09:00', '09:30', 2), ...traffic('fjallvind', '09:30', '09:40', 10), ...traffic('norrsken', '09:00', '09:40', 3)],
    { refresh: true, deadLetterFile: '/dev/null' },
  );
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await slack.close();
  await slackDown.close();
  await env.cleanup();
});

const spikeRule = { name: 'brand-spike', type: 'spike', timeframe: { minutes: 10 }, spike_height: 3, threshold_cur: 10, query_key: 'enrichment.brands', bucketSecs: 60, realert: { hours: 1 } };

describe('alert engine on the real Elasticsearch', () => {
  it('resumes a spike window after a restart and alerts once, with evidence, to Slack', async () => {
    let now = at('09:20') + 30_000;
    expect(await engine([spikeRule], () => now).tick()).toEqual([]);
    // Restart in the middle of the window: a new engine and client, the same state index.
    now = at('09:35') + 30_000;
    const sent = await engine([spikeRule], () => now, undefined, { kibanaUrl: 'https://kibana.example.com' }).tick();
    expect(sent.map((a) => [a.rule, a.key, a.matchTime, a.reference, a.current])).toEqual([['brand-spike', 'fjallvind', '2026-11-20T09:25:00.000Z', 20, 60]]);
    const stored = await getAlert(sent[0]!.id);
    expect(stored.notifications).toEqual([{ notifier: 'slack', status: 'sent', attempts: 1, at: iso(now) }]);
    // Top mentions: the most-followed authors of the current window (09:25–09:35) for that brand.
    expect(stored.mentionIds).toHaveLength(5);
    expect(stored.topMentions[0]).toMatchObject({ id: `x:fjallvind-${at('09:34')}-9`, followers: 574 + 9 });
    expect(stored.discoverUrl).toBe(
      `https://kibana.example.com/app/discover#/?_g=${encodeURIComponent("(time:(from:'2026-11-20T09:15:00.000Z',to:'2026-11-20T09:34:00.000Z'))")}&_a=${encodeURIComponent("(query:(language:kuery,query:'enrichment.brands:\"fjallvind\"'))")}`,
    );
    expect((stored.query as any).aggs.keys.terms.field).toBe('enrichment.brands');
    expect(slack.requests).toHaveLength(1);
    expect(JSON.parse(slack.requests[0]!.body).blocks[0].text.text).toBe('Volume spike: fjallvind');
  });

  it('without the saved state the restarted engine would have missed it (control)', async () => {
    const control = { ...spikeRule, name: 'control-spike' };
    const sent = await engine([control], () => at('09:35') + 30_000).tick();
    expect(sent).toEqual([]);
  });

  it('keeps silences in Elasticsearch: the same spike found again by a fresh engine is not re-sent', async () => {
    // A fresh engine re-reads the whole range from empty rule state and finds the spike again.
    const again = await engine([spikeRule], () => at('09:50')).evaluateRange(at('09:00'), at('09:40'), true);
    expect(again.evaluations[0]!.matches.map((m) => [m.key, m.at])).toEqual([['fjallvind', '2026-11-20T09:25:00.000Z']]);
    expect(again.sent).toEqual([]);
    expect(logLines.filter((l) => l.event === 'alerts.silenced').map((l) => [l.rule, l.key, l.until])).toEqual([['brand-spike', 'fjallvind', '2026-11-20T10:25:00.000Z']]);
    expect(slack.requests).toHaveLength(1);
    const count = await env.client.count({ index: env.names.alias('alerts'), query: { term: { rule: 'brand-spike' } } });
    expect(count.count).toBe(1);
  });

  it('never stores or sends the same match twice, even with its silence gone', async () => {
    await env.client.delete({ index: env.names.index('state'), id: 'alert-silence:brand-spike:fjallvind', refresh: true });
    const again = await engine([spikeRule], () => at('09:50')).evaluateRange(at('09:00'), at('09:40'), true);
    expect(again.sent).toEqual([]);
    expect(logLines.filter((l) => l.event === 'alerts.duplicate').map((l) => [l.rule, l.key])).toEqual([['brand-spike', 'fjallvind']]);
    expect(slack.requests).toHaveLength(1);
  });

  it('records a notification failure on the alert document, without the webhook URL', async () => {
    const rule = { ...spikeRule, name: 'spike-to-broken-slack' };
    const broken = `${slackDown.url}/services/T/B/very-secret-token`;
    // First run looks back two timeframes (09:15–09:35): too little data to judge yet.
    expect(await engine([rule], () => at('09:35') + 30_000, broken).tick()).toEqual([]);
    // At 09:35 (the first bucket of the next run) 09:26–09:35 holds 4×2 + 6×10 = 68 ≥ 3 × 20.
    const sent = await engine([rule], () => at('09:45') + 30_000, broken).tick();
    expect(sent.map((a) => [a.key, a.matchTime, a.reference, a.current])).toEqual([['fjallvind', '2026-11-20T09:26:00.000Z', 20, 68]]);
    const stored = await getAlert(sent[0]!.id);
    expect(stored.notifications).toEqual([
      { notifier: 'slack', status: 'failed', attempts: 1, error: 'slack notifier: HTTP 503 service_unavailable (gave up after 1 attempts)', at: '2026-11-20T09:45:30.000Z' },
    ]);
    expect(JSON.stringify(logLines)).not.toContain('very-secret-token');
    expect(logLines.filter((l) => l.event === 'alerts.notify_failed').map((l) => [l.rule, l.notifier])).toEqual([['spike-to-broken-slack', 'slack']]);
  });

  it('says when a rule has more keys than maxKeys, with the mentions it did not evaluate', async () => {
    // 09:00–09:40: a0 and a1 wrote 80 mentions each, a2 50, a3…a9 10 each.
    const q = { from: at('09:00'), to: at('09:40'), bucketSecs: 60, queryKey: 'author.handle', maxKeys: 2 };
    const counted = await countEvents(env.client, env.names, q);
    expect([...new Set(counted.events.map((e) => e.key))]).toEqual(['a0', 'a1']);
    expect(counted.left).toBe(120);
    const rule = { ...spikeRule, name: 'per-author', query_key: 'author.handle', maxKeys: 2 };
    await engine([rule], () => at('14:00')).evaluateRange(at('09:00'), at('09:40'), true);
    expect(logLines.filter((l) => l.event === 'alerts.keys_limited' && l.rule === 'per-author').map((l) => l.maxKeys)).toContain(2);
  });

  it('counts mentions that arrive late (a feed polled every few minutes) at their publishing time', async () => {
    const burst = traffic('late', '09:30', '09:40', 10).map((m) => ({ ...m, collectedAt: iso(at('09:44')) }));
    await writeMentions(env.client, env.names, [...traffic('late', '09:00', '09:30', 2), ...burst], { refresh: true, deadLetterFile: '/dev/null' });
    const rule = { ...spikeRule, name: 'late-spike', filter: [{ term: { 'enrichment.brands': 'late' } }] };
    expect(await engine([rule], () => at('09:20') + 30_000).tick()).toEqual([]);
    // Published from 09:30 but not collected yet: nothing to see.
    expect(await engine([rule], () => at('09:35') + 30_000).tick()).toEqual([]);
    // Collected at 09:44: fed in at 09:30–09:39, between what the windows already hold.
    const sent = await engine([rule], () => at('09:45') + 30_000).tick();
    expect(sent.map((a) => [a.key, a.matchTime, a.reference, a.current])).toEqual([['late', '2026-11-20T09:26:00.000Z', 20, 68]]);
  });
});

describe('the live loop', () => {
  it('ticks at start, then every intervalSecs, and stops cleanly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let now = at('09:20') + 30_000;
      const ticks: string[][] = [];
      const loop = engine([{ ...spikeRule, name: 'loop-spike' }], () => now).start((alerts) => ticks.push(alerts.map((a) => a.key)));
      await until(() => ticks.length === 1);
      now = at('09:35') + 30_000;
      await vi.advanceTimersByTimeAsync(59_000);
      expect(ticks).toEqual([[]]);
      await vi.advanceTimersByTimeAsync(1000);
      await until(() => ticks.length === 2);
      expect(ticks).toEqual([[], ['fjallvind']]);
      await loop.stop();
      await vi.advanceTimersByTimeAsync(600_000);
      expect(ticks).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('story and mention rules on the real Elasticsearch', () => {
  beforeAll(async () => {
    // Story documents as the story tracker writes them, into the real stories index.
    const stories = [
      story({ id: 'fast-story', velocity: { current: 30, previous: 5, ratio: 6 }, sentiment: { positive: 10, neutral: 25, negative: 5, mean: 0.1 } }),
      story({ id: 'staff-story', size: 12, velocity: { current: 3, previous: 1.5, ratio: 2 }, staff: { started: true, amplified: false, replied: false, named: true, people: ['erik'] } }),
      story({ id: 'old-story', lastSeen: '2026-11-18T10:00:00Z', velocity: { current: 90, previous: 1, ratio: 90 } }),
    ];
    await env.client.bulk({ refresh: true, operations: stories.flatMap((s) => [{ index: { _index: env.names.alias('stories'), _id: s.id } }, s]) });
    await writeMentions(
      env.client,
      env.names,
      [
        mention({ nativeId: 'root', publishedAt: '2026-11-20T09:00:00Z', author: { handle: 'rykten', followers: 800 }, enrichment: { story: { id: 'fast-story' } } }),
        mention({ nativeId: 'old', publishedAt: '2026-11-20T08:00:00Z', author: { handle: 'regular', followers: 90_000 }, enrichment: { brands: ['fjallvind'] } }),
        mention({ nativeId: 'again', publishedAt: '2026-11-20T13:10:00Z', author: { handle: 'regular', followers: 90_000 }, enrichment: { brands: ['fjallvind'] } }),
        mention({ nativeId: 'first', publishedAt: '2026-11-20T13:20:00Z', author: { handle: 'journalist', followers: 50_000 }, enrichment: { brands: ['fjallvind'] } }),
        // A blog known by its feed URL (no handle), which wrote about the brand last week.
        mention({ platform: 'rss', nativeId: 'blog-old', publishedAt: '2026-11-13T09:00:00Z', author: { id: 'https://blogg.example/feed', followers: 20_000 }, enrichment: { brands: ['fjallvind'] } }),
        mention({ platform: 'rss', nativeId: 'blog-new', publishedAt: '2026-11-20T13:30:00Z', author: { id: 'https://blogg.example/feed', followers: 20_000 }, enrichment: { brands: ['fjallvind'] } }),
      ],
      { refresh: true, deadLetterFile: '/dev/null' },
    );
  });

  it('alerts once per fast story and per negative staff story', async () => {
    const rules = [
      { name: 'fast', type: 'story-velocity', minSize: 10, minVelocity: 20 },
      { name: 'staff', type: 'staff-involved' },
    ];
    const now = () => at('14:00');
    const sent = await engine(rules, now).tick();
    expect(sent.map((a) => [a.rule, a.key, a.storyId, a.mentionIds])).toEqual([
      ['fast', 'fast-story', 'fast-story', ['x:1']],
      ['staff', 'staff-story', 'staff-story', ['x:1']],
    ]);
    expect(sent[0]!.topMentions.map((m) => m.id)).toEqual(['x:root']);
    expect(JSON.parse(slack.requests.at(-1)!.body).blocks.at(-1).elements[0].text).toBe('Story: `rykte story staff-story`');
    expect(await engine(rules, () => at('14:05')).tick()).toEqual([]);
  });

  it('over a past range counts every story active in it (the demo), beyond the live horizon', async () => {
    const rule = { name: 'fast-over-range', type: 'story-velocity', minSize: 10, minVelocity: 50, minRatio: 50 };
    // old-story's last mention (2026-11-18 10:00) is two days before the range end.
    const live = await engine([rule], () => at('14:00')).tick();
    expect(live).toEqual([]);
    const range = await engine([rule], () => at('14:00')).evaluateRange(at('00:00', '2026-11-17'), at('14:00'), true);
    expect(range.sent.map((a) => a.key)).toEqual(['old-story']);
  });

  it('alerts when a big account mentions the brand for the first time', async () => {
    const sent = await engine([{ name: 'voices', type: 'new-voice', minFollowers: 10_000 }], () => at('14:00')).tick();
    expect(sent.map((a) => [a.key, a.matchTime, a.mentionIds])).toEqual([['fjallvind:journalist', '2026-11-20T13:20:00Z', ['x:first']]]);
  });
});

describe('alert delivery across an engine that stopped between storing and sending', () => {
  it('sends an alert left pending exactly once, from the next engine that ticks', async () => {
    const before = slack.requests.length;
    // What a leader killed after storing the alert and before notifying leaves behind.
    const orphan = alertDoc({ id: 'orphan-1', rule: 'retired-rule', delivery: 'pending' });
    await env.client.create({ index: env.names.index('alerts'), id: orphan.id, document: orphan, refresh: true });
    const next = engine([], () => at('10:00'));
    expect((await next.tick()).map((a) => a.id)).toEqual(['orphan-1']);
    expect(slack.requests.length - before).toBe(1);
    expect(await getAlert('orphan-1')).toMatchObject({ delivery: 'done', notifications: [{ notifier: 'slack', status: 'sent', attempts: 1 }] });
    expect(logLines.filter((l) => l.event === 'alerts.resent').map((l) => l.id)).toEqual(['orphan-1']);
    expect(await engine([], () => at('10:01')).tick()).toEqual([]);
    expect(slack.requests.length - before).toBe(1);
  });
});

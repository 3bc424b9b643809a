import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertOverIndexedRange } from '../../alerts/live.ts';
import { writeMentions } from '../../index/writer.ts';
import { createSource, runSource } from '../../ingest/runner.ts';
import { redactText, redactUrl, registerUrl } from '../../log/redact.ts';
import { testPipeline } from '../helpers/elasticsearch.ts';
import { rykte } from '../helpers/cli.ts';
import { loopback } from '../helpers/loopback.ts';
import { mention } from '../helpers/mentions.ts';
import { logLines } from '../setup.ts';

// Shorter than any value redacted as a secret on its own: only URL redaction can hide it.
const FEED_TOKEN = 'fd7q2';
const SLACK_PATH = '/services/T0RYKTE9/B0ALERT7/xoxbS3cretWebhookKey1';

const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Privat</title><link>https://blog.example.com/</link>${items}</channel></rss>`;
let feedStatus = 200;
let feeds: Awaited<ReturnType<typeof loopback>>;
let slack: Awaited<ReturnType<typeof loopback>>;
let env: Awaited<ReturnType<typeof testPipeline>>;
let feedUrl: string;

/** Every document under the test's prefix, as Elasticsearch holds it. */
async function stored(index: string): Promise<string> {
  const response = await env.client.search({ index, size: 1000, query: { match_all: {} } });
  return JSON.stringify(response.hits.hits.map((h) => h._source));
}

beforeAll(async () => {
  feeds = await loopback((_req, res) => {
    if (feedStatus !== 200) {
      res.writeHead(feedStatus);
      return void res.end('down');
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    // One item to index, one the collector must report (nothing to identify it by).
    res.end(rss(`<item><guid>p-1</guid><title>Fjällvind</title><description>Fjällvind i Umeå</description><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item><item></item>`));
  });
  // A Slack that fails and echoes the path it was posted to, secret and all.
  slack = await loopback((req, res) => {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end(`invalid_token for ${req.url}`);
  });
  feedUrl = `${feeds.url}/private.xml?token=${FEED_TOKEN}&format=rss2`;
  env = await testPipeline({
    sources: [{ type: 'rss', name: 'private', feeds: [feedUrl], queries: ['fjällvind'] }],
    alerts: {
      notifiers: { slack: { webhookUrl: `${slack.url}${SLACK_PATH}`, retries: 0 }, console: false },
      rules: [{ name: 'any', type: 'spike', timeframe: { minutes: 10 }, spike_height: 2, threshold_cur: 3, bucketSecs: 60 }],
    },
  });
});
afterAll(async () => {
  await feeds.close();
  await slack.close();
  await env.cleanup();
});

describe('secrets never stored', () => {
  it('a feed URL with ?token= is redacted in the errors and state indices and `rykte status --json`, and its cursor still works', async () => {
    const { pipeline } = env;
    const config = pipeline.config.sources[0]!;
    const first = await runSource(pipeline, config, createSource(pipeline, config));
    expect([first.indexed, first.problems.length]).toEqual([1, 1]);
    feedStatus = 500;
    const second = await runSource(pipeline, config, createSource(pipeline, config));
    const shown = redactUrl(feedUrl);
    expect(shown).toBe(`${feeds.url}/private.xml?token=REDACTED&format=REDACTED`);
    expect(second.problems.map((p) => redactText(p.message))).toEqual([`rss collector: GET ${shown} returned HTTP 500`]);
    // A source's last error (health) as the runner stores it.
    await pipeline.state.put('health', 'private', { collected: 1, lastErrorAt: '2026-11-23T12:00:00.000Z', lastError: second.problems[0]!.message });

    const errors = await stored(env.names.alias('errors'));
    const state = await stored(env.names.index('state'));
    const mentions = await stored(env.names.alias('mentions'));
    for (const text of [errors, state, mentions]) expect(text).not.toContain(FEED_TOKEN);
    expect(mentions).toContain(`"nativeId":"${shown}#p-1"`);
    expect(errors).toContain(`"where":"${shown}"`);
    expect(errors).toContain(`returned HTTP 500`);
    const health = await pipeline.state.get<{ lastError: string }>('health', 'private');
    expect(health!.lastError).toBe(`rss collector: GET ${shown} returned HTTP 500`);
    // Stored under the redacted URL, read back under the configured one: the cursor still applies.
    expect(state).toContain(JSON.stringify(shown));
    const cursor = await pipeline.state.get<{ feeds: Record<string, unknown> }>('cursor', 'private');
    expect(Object.keys(cursor!.feeds)).toEqual([feedUrl]);
    feedStatus = 200;
    const third = await runSource(pipeline, config, createSource(pipeline, config));
    expect([third.indexed, third.error]).toEqual([0, undefined]);

    const file = join(tmpdir(), `${env.prefix}.yml`);
    await writeFile(file, JSON.stringify({ elasticsearch: { indexPrefix: env.prefix }, sources: [{ type: 'rss', name: 'private', feeds: [feedUrl], queries: ['fjällvind'] }] }));
    const status = await rykte(file, 'status', '--json');
    expect(status.stdout + status.stderr).not.toContain(FEED_TOKEN);
    expect(JSON.parse(status.stdout)[0].lastError).toContain(shown);
    feedStatus = 500;
    const once = await rykte(file, 'once');
    expect(once.stdout.trim()).toBe(`private: 0 indexed, 0 rejected, 1 problems; 1 feed(s) failed: ${shown}`);
    expect(JSON.stringify(logLines)).not.toContain(FEED_TOKEN);
  });

  it('a failing Slack webhook that echoes its path leaves the secret in neither the alerts index nor the log', async () => {
    const at = (m: number) => new Date(Date.parse('2026-11-20T09:00:00Z') + m * 60_000).toISOString();
    const docs = [0, 1, 2, 25, 26, 27, 28, 29, 30, 31, 32].map((m) => mention({ nativeId: `s-${m}`, publishedAt: at(m), collectedAt: at(m) }));
    await writeMentions(env.client, env.names, docs, { refresh: true, deadLetterFile: '/dev/null' });
    const sent = await alertOverIndexedRange(env.pipeline);
    expect(sent).toHaveLength(1);
    expect(slack.requests.map((r) => r.url)).toEqual([SLACK_PATH]);
    const alerts = await stored(env.names.alias('alerts'));
    for (const part of ['xoxbS3cretWebhookKey1', 'T0RYKTE9', 'B0ALERT7']) {
      expect(alerts).not.toContain(part);
      expect(JSON.stringify(logLines)).not.toContain(part);
    }
    const failure = sent[0]!.notifications[0]!;
    expect([failure.status, failure.error]).toEqual(['failed', 'slack notifier: HTTP 403 invalid_token for [redacted]']);
    expect(alerts).toContain('invalid_token for [redacted]');
  });

  it('hides a configured URL query where the URL appears, and only credential values elsewhere', () => {
    registerUrl('https://news.example.com/rss/search?q=fjallvind&api_key=k3y-v4lue-99');
    expect(redactText('GET https://news.example.com/rss/search?q=fjallvind&api_key=k3y-v4lue-99 failed')).toBe('GET https://news.example.com/rss/search?q=REDACTED&api_key=REDACTED failed');
    expect(redactText('Spike: 12 mentions for fjallvind; echoed k3y-v4lue-99')).toBe('Spike: 12 mentions for fjallvind; echoed [redacted]');
  });

  it('hides userinfo passwords and query values of configured URLs, whatever their length', () => {
    expect(redactUrl('https://rykte:pw@es.example.com:9200/?x=1')).toBe('https://rykte:REDACTED@es.example.com:9200/?x=REDACTED');
    expect(redactText(`GET ${feedUrl} and ${feedUrl.replace('rss2', 'atom')}`)).toBe(`GET ${redactUrl(feedUrl)} and ${redactUrl(feedUrl)}`);
  });
});

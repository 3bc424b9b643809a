import { afterEach, describe, expect, it } from 'vitest';
import { NotifyError } from '../../../alerts/alert.ts';
import { createSlackNotifier, slackMessage } from '../../../alerts/notify/slack.ts';
import { alertDoc } from '../../helpers/alerts.ts';
import { fakeClock } from '../../helpers/clock.ts';
import { json, loopback } from '../../helpers/loopback.ts';
import { logLines } from '../../setup.ts';

const SECRET_PATH = '/services/T0RYKTE/B0ALERTS/s3cr3tWebhookToken';
let server: Awaited<ReturnType<typeof loopback>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Slack's incoming webhook answers `ok` as text/plain on success. */
const ok = (res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
};
const slack = (clock = fakeClock(), retries = 3) => createSlackNotifier({ webhookUrl: `${server!.url}${SECRET_PATH}`, retries, timeoutSecs: 5 }, clock);

describe('slack notifier', () => {
  it('posts a Block Kit message: what happened, the numbers, top mentions, links to the evidence', async () => {
    server = await loopback((_req, res) => ok(res));
    const alert = alertDoc({ storyId: 'story-42', discoverUrl: 'https://kibana.example.com/app/discover#/?_g=(time:(from:a,to:b))&x=1' });
    expect(await slack().send(alert)).toBe(1);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect([req.method, req.url, req.headers['content-type']]).toEqual(['POST', SECRET_PATH, 'application/json']);
    const body = JSON.parse(req.body);
    expect(body.text).toBe(`Volume spike: fjallvind: ${alert.summary}`);
    expect(body.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Volume spike: fjallvind', emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: alert.summary } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Rule*\nfjallvind-spike' },
          { type: 'mrkdwn', text: '*When*\n2026-11-20 10:00 UTC' },
          { type: 'mrkdwn', text: '*Current*\n120' },
          { type: 'mrkdwn', text: '*Reference*\n20' },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: '*Top mentions*\n• <https://x.com/eva/status/1|@eva> (5400 followers): Fjällvind tillverkar i Kina?' } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: '<https://kibana.example.com/app/discover#/?_g=(time:(from:a,to:b))&amp;x=1|Open in Kibana Discover>' },
          { type: 'mrkdwn', text: 'Story: `rykte story story-42`' },
          { type: 'mrkdwn', text: 'Alert `a1b2c3`' },
        ],
      },
    ]);
  });

  it('links a story alert to its page in rykte serve when serve.publicUrl is set', async () => {
    server = await loopback((_req, res) => ok(res));
    const notifier = createSlackNotifier({ webhookUrl: `${server.url}${SECRET_PATH}`, retries: 0, timeoutSecs: 5, publicUrl: 'https://rykte.example.com/' }, fakeClock());
    await notifier.send(alertDoc({ storyId: 'rss:https://blogg.se/a?b=1|c' }));
    expect(JSON.parse(server.requests[0]!.body).blocks.at(-1).elements.slice(0, 2)).toEqual([
      { type: 'mrkdwn', text: '<https://rykte.example.com/story?id=rss%3Ahttps%3A%2F%2Fblogg.se%2Fa%3Fb%3D1%7Cc|Open the story and its cascade>' },
      { type: 'mrkdwn', text: 'Story: `rykte story rss:https://blogg.se/a?b=1|c`' },
    ]);
  });

  it('escapes user text so a mention cannot ping @channel or disguise a link', () => {
    const evil = '<!channel> Fjällvind & co: <https://evil.example/login|fjallvind.se> <@U123>';
    const message = slackMessage(
      alertDoc({
        key: '<!here>',
        type: 'new-voice',
        summary: `New voice: ${evil}`,
        topMentions: [{ id: 'x:9', url: 'javascript:alert(1)', author: 'x|<y>', text: evil, publishedAt: '2026-11-20T10:00:00Z' }],
      }),
    );
    // The header is plain_text (never parsed for mentions): everything else must be escaped.
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'New voice: <!here>', emoji: false } });
    const raw = JSON.stringify({ ...message, blocks: message.blocks.slice(1) });
    for (const forbidden of ['<!channel>', '<!here>', '<@U123>', '<https://evil.example', 'javascript:']) expect(raw).not.toContain(forbidden);
    expect((message.blocks[1] as any).text.text).toBe('New voice: &lt;!channel&gt; Fjällvind &amp; co: &lt;https://evil.example/login|fjallvind.se&gt; &lt;@U123&gt;');
    expect((message.blocks[3] as any).text.text).toBe(
      '*Top mentions*\n• @x|&lt;y&gt;: &lt;!channel&gt; Fjällvind &amp; co: &lt;https://evil.example/login|fjallvind.se&gt; &lt;@U123&gt;',
    );
  });

  it('sends at most one message per second per webhook', async () => {
    const clock = fakeClock(1_000_000);
    const at: number[] = [];
    server = await loopback((_req, res) => {
      at.push(clock.now());
      ok(res);
    });
    const notifier = slack(clock);
    await Promise.all([notifier.send(alertDoc({ id: 'a' })), notifier.send(alertDoc({ id: 'b' })), notifier.send(alertDoc({ id: 'c' }))]);
    expect(at).toEqual([1_000_000, 1_001_000, 1_002_000]);
    expect(server.requests.map((r) => JSON.parse(r.body).blocks.at(-1).elements.at(-1).text)).toEqual(['Alert `a`', 'Alert `b`', 'Alert `c`']);
    // A second later than the last one, the next goes at once.
    clock.advance(5000);
    await notifier.send(alertDoc({ id: 'd' }));
    expect(at.at(-1)).toBe(1_007_000);
  });

  it('honours 429 Retry-After, then delivers', async () => {
    const clock = fakeClock();
    let calls = 0;
    server = await loopback((_req, res) => {
      if (++calls === 1) {
        res.writeHead(429, { 'retry-after': '7', 'content-type': 'text/plain' });
        res.end('rate_limited');
      } else ok(res);
    });
    expect(await slack(clock).send(alertDoc())).toBe(2);
    expect(clock.sleeps).toEqual([7000]);
    expect(logLines.filter((l) => l.event === 'alerts.notify_retry').map((l) => [l.notifier, l.attempt, l.waitMs])).toEqual([['slack', 1, 7000]]);
  });

  it('retries 5xx with backoff and gives up with an error that does not contain the webhook URL', async () => {
    const clock = fakeClock();
    server = await loopback((_req, res) => json(res, 500, { error: 'server_error' }));
    const error = await slack(clock, 2).send(alertDoc()).catch((e) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect(error.message).toBe('slack notifier: HTTP 500 {"error":"server_error"} (gave up after 3 attempts)');
    expect(error.attempts).toBe(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(server.requests).toHaveLength(3);
    expect(JSON.stringify(logLines)).not.toContain('s3cr3tWebhookToken');
  });

  it('does not retry a payload Slack rejects', async () => {
    server = await loopback((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('invalid_blocks');
    });
    const error = await slack().send(alertDoc()).catch((e) => e);
    expect([error.message, error.attempts, server.requests.length]).toEqual(['slack notifier: HTTP 400 invalid_blocks', 1, 1]);
  });
});

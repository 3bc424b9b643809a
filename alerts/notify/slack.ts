import { registerSecretUrl } from '../../log/redact.ts';
import type { AlertDoc, Clock, Notifier } from '../alert.ts';
import { postJson } from './http.ts';
import { storyPageUrl } from '../../web/config.ts';

/**
 * Slack incoming webhooks with Block Kit. Everything that came from a mention is escaped, so
 * no post can ping @channel or dress a link up as another. One message per second per webhook
 * (Slack's limit), 429 Retry-After honoured, retries with backoff (alerts/notify/http.ts).
 */
export interface SlackOptions {
  webhookUrl: string;
  retries: number;
  timeoutSecs: number;
  /** `serve.publicUrl`: a story's alert then links to its page in `rykte serve`. */
  publicUrl?: string;
}

/** Slack's three control characters; with them escaped, `<!channel>` and `<url|label>` are plain text. */
export const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A link we build: only http(s), with the characters that would end or split `<url|label>` encoded. */
function link(url: string | undefined, label: string): string {
  if (!url || !/^https?:\/\//i.test(url)) return escapeSlack(label);
  return `<${url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${escapeSlack(label).replace(/\|/g, '¦')}>`;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const TITLES: Record<string, string> = {
  spike: 'Volume spike',
  baseline: 'Unusual volume for the time of week',
  'story-velocity': 'Fast-spreading story',
  'staff-involved': 'Negative story involving staff',
  'new-voice': 'New voice',
};

export function slackMessage(alert: AlertDoc, publicUrl?: string) {
  const title = `${TITLES[alert.type] ?? alert.type}: ${alert.key}`;
  const fields = [
    `*Rule*\n${escapeSlack(alert.rule)}`,
    `*When*\n${alert.matchTime.slice(0, 16).replace('T', ' ')} UTC`,
    ...(alert.current !== undefined ? [`*Current*\n${alert.current}`] : []),
    ...(alert.reference !== undefined ? [`*Reference*\n${alert.reference}`] : []),
  ];
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(escapeSlack(alert.summary), 3000) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (alert.topMentions.length) {
    const lines = alert.topMentions.map(
      (m) => `• ${link(m.url, m.author ? `@${m.author}` : m.id)}${m.followers !== undefined ? ` (${m.followers} followers)` : ''}: ${escapeSlack(cut(m.text.replace(/\s+/g, ' '), 200))}`,
    );
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*Top mentions*\n${lines.join('\n')}`, 3000) } });
  }
  const evidence = [
    ...(alert.discoverUrl ? [link(alert.discoverUrl, 'Open in Kibana Discover')] : []),
    ...(alert.storyId && publicUrl ? [link(storyPageUrl(publicUrl, alert.storyId), 'Open the story and its cascade')] : []),
    ...(alert.storyId ? [`Story: \`rykte story ${escapeSlack(alert.storyId)}\``] : []),
    `Alert \`${alert.id}\``,
  ];
  blocks.push({ type: 'context', elements: evidence.map((text) => ({ type: 'mrkdwn', text })) });
  // `text` is the notification fallback and is parsed as mrkdwn: escaped like the blocks.
  // The header is plain_text, which Slack never parses for mentions or links.
  return { text: cut(escapeSlack(`${title}: ${alert.summary}`), 3000), blocks };
}

export function createSlackNotifier(options: SlackOptions, clock: Clock): Notifier {
  // The whole URL is the credential; a failing Slack may echo its path back.
  registerSecretUrl(options.webhookUrl);
  let queue: Promise<unknown> = Promise.resolve();
  let nextAt = 0;
  return {
    name: 'slack',
    send(alert) {
      const run = queue.then(async () => {
        const waitMs = nextAt - clock.now();
        if (waitMs > 0) await clock.sleep(waitMs);
        try {
          return await postJson('slack', options.webhookUrl, slackMessage(alert, options.publicUrl), { ...options, clock });
        } finally {
          nextAt = clock.now() + 1000;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

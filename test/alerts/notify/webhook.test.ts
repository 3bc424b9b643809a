import { afterAll, describe, expect, it } from 'vitest';
import { createWebhookNotifier } from '../../../alerts/notify/webhook.ts';
import { alertDoc } from '../../helpers/alerts.ts';
import { fakeClock } from '../../helpers/clock.ts';
import { json, loopback } from '../../helpers/loopback.ts';

describe('webhook notifier', () => {
  let server: Awaited<ReturnType<typeof loopback>>;
  afterAll(() => server.close());

  it('POSTs the alert document as JSON with the configured headers', async () => {
    server = await loopback((_req, res) => json(res, 202, { accepted: true }));
    const notifier = createWebhookNotifier({ url: `${server.url}/hook`, headers: { authorization: 'Bearer hook-token-123' }, retries: 1, timeoutSecs: 5 }, fakeClock());
    const alert = alertDoc({ notifications: [{ notifier: 'slack', status: 'sent', attempts: 1, at: 'x' }] });
    expect(await notifier.send(alert)).toBe(1);
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe('Bearer hook-token-123');
    const { notifications: _, ...expected } = alert;
    expect(JSON.parse(req.body)).toEqual(expected);
  });
});

import { loopback } from './loopback.ts';

const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * A loopback proxy in front of the real Elasticsearch that passes every request on, except that
 * while held, `_bulk` requests wait (after arriving, before going on) until released: a write
 * still under way when the test does its next step.
 */
export async function heldProxy(target: string) {
  let gate: { open: Promise<void>; release: () => void } | undefined;
  const waiting: string[] = [];
  let arrived = () => {};
  const server = await loopback(async (req, res) => {
    if (gate && req.method === 'POST' && /\/_bulk(\?|$)/.test(req.url)) {
      waiting.push(req.body);
      arrived();
      await gate.open;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !hopByHop.has(k)) as [string, string][]);
    const forwarded = await fetch(`${target}${req.url}`, { method: req.method, headers, body: ['GET', 'HEAD'].includes(req.method) ? undefined : req.body });
    res.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(await forwarded.text());
  });
  return {
    url: server.url,
    /** `_bulk` requests from now on wait for `release`. */
    hold() {
      let release = () => {};
      const open = new Promise<void>((resolve) => (release = resolve));
      gate = { open, release };
    },
    /** Resolves once a held `_bulk` request has arrived; its body. */
    async arrival(): Promise<string> {
      if (!waiting.length) await new Promise<void>((resolve) => (arrived = resolve));
      return waiting.shift()!;
    },
    release() {
      gate?.release();
      gate = undefined;
    },
    close: server.close,
  };
}

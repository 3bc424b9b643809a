import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of the real test Elasticsearch, which a test can cut and
 * restore: rykte pointed at it sees the cluster become unreachable (connection refused) and
 * come back on the same URL. Elasticsearch itself is never touched.
 */
export async function cutProxy(target: string, { open = true } = {}) {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  // Reserve a port, then listen on it whenever the proxy is up.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const track = (s: Socket) => (sockets.add(s), s.on('close', () => sockets.delete(s)));

  async function restore() {
    if (server) return;
    server = createServer((client) => {
      track(client);
      const upstream = track(connect(Number(targetPort), hostname));
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  }

  async function cut() {
    const closing = server;
    server = undefined;
    for (const s of sockets) s.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  if (open) await restore();
  return { url: `http://127.0.0.1:${port}`, cut, restore, close: cut, isOpen: () => server !== undefined };
}

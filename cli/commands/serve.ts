import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { events } from '../../log/events.ts';
import { createWebServer } from '../../web/server.ts';
import { configPath, openPipeline } from '../context.ts';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`serve: Expected \`--port\` to be a whole number 0-65535, got \`${v}\``);
  return n;
};

export function register(program: Command) {
  program
    .command('serve')
    .description('read-only web view: overview, stories and their cascades, authors, network, search (GET only)')
    .option('--host <host>', 'interface to listen on (default: serve.host, 127.0.0.1)')
    .option('--port <port>', 'port; 0 picks a free one (default: serve.port, 8080)', port)
    .action(async (opts: { host?: string; port?: number }, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      const { config, client, names } = pipeline;
      const server = createWebServer({ client, names, config });
      const host = opts.host ?? config.serve.host;
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e) => reject(new Error(`serve: cannot listen on ${host}:${opts.port ?? config.serve.port}: ${e.message}`)));
        server.listen(opts.port ?? config.serve.port, host, resolve);
      });
      const address = server.address() as AddressInfo;
      const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`;
      events.serveListening(url);
      console.log(`rykte serve: ${url} (read-only; Ctrl-C stops)`);
      const stop = () => {
        server.closeAllConnections();
        server.close(() => void pipeline.close());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A local web service a service check probes: the test sets what it answers (status, body) and
 * counts the requests. With `tls`, it serves HTTPS with that certificate (see selfSignedCertificate).
 */
export async function startServiceTarget(opts: { tls?: { key: string; cert: string } } = {}) {
  const state = { status: 200, body: 'hello from kiln-app', hits: 0 };
  const handler = (_req: IncomingMessage, res: ServerResponse) => {
    state.hits++;
    res.writeHead(state.status, { 'content-type': 'text/html' }).end(state.body);
  };
  const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createHttpServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    state,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type ServiceTarget = Awaited<ReturnType<typeof startServiceTarget>>;

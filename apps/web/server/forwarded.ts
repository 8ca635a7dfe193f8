import type { IncomingMessage } from 'node:http';

/** Headers through which a client could claim another address, host or scheme. */
const FORWARDED_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-cluster-client-ip',
];

/**
 * Without a trusted reverse proxy, forwarded headers come from the client and are dropped; the
 * client IP is the socket address, passed on as the only X-Forwarded-For entry (Next.js keeps a
 * header that is present and only fills in a missing one). Behind a trusted proxy the socket
 * address (the proxy's) is appended, as proxies do.
 */
export function normaliseForwarded(req: IncomingMessage, trustProxy: boolean): void {
  const socketIp = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const prior = req.headers['x-forwarded-for'];
    req.headers['x-forwarded-for'] = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${socketIp}` : socketIp;
    return;
  }
  for (const name of FORWARDED_HEADERS) delete req.headers[name];
  req.headers['x-forwarded-for'] = socketIp;
}

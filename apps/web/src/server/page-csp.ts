import { getConfig } from '@kiln/config';
import { readAdvertisedGateway } from '@kiln/services/gateway-advert';
import { consoleSources, contentSecurityPolicy } from './csp';

/** The gateway's advertised port, re-read at most every 15 s (one Redis GET, not one per page). */
let advertised: { port: number | null; at: number } = { port: null, at: 0 };

async function advertisedConsolePort(): Promise<number | null> {
  if (Date.now() - advertised.at > 15_000) {
    const port = await readAdvertisedGateway().then(
      (a) => a?.port ?? null,
      () => null,
    );
    advertised = { port, at: Date.now() };
  }
  return advertised.port;
}

/**
 * The CSP of a page requested with Host `host`, given the response's nonce: proxy.ts sends it with
 * every rendered page, Kiln's server with every page it answers from an earlier render.
 */
export async function pageCspFor(host: string): Promise<(nonce: string) => string> {
  const cfg = getConfig();
  const ports = cfg.CONSOLE_PUBLIC_URL ? [] : [cfg.CONSOLE_PORT, (await advertisedConsolePort()) ?? 0];
  const sources = consoleSources({ publicUrl: cfg.CONSOLE_PUBLIC_URL, pageHost: host, ports });
  const dev = cfg.NODE_ENV !== 'production';
  return (nonce) => contentSecurityPolicy({ nonce, dev, consoleSources: sources });
}

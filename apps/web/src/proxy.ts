import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@kiln/config';
import { readAdvertisedGateway } from '@kiln/services/gateway-advert';
import { consoleSources, contentSecurityPolicy } from '@/server/csp';
import { PAGE_PATH_HEADER } from '@/server/page-path';

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
 * Runs before every page: a fresh nonce per request, passed to the render (Next.js reads it from
 * the request's CSP header; the root layout from x-nonce) and sent to the browser in the CSP.
 */
export async function proxy(req: NextRequest) {
  const cfg = getConfig();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const ports = cfg.CONSOLE_PUBLIC_URL ? [] : [cfg.CONSOLE_PORT, (await advertisedConsolePort()) ?? 0];
  const csp = contentSecurityPolicy({
    nonce,
    dev: cfg.NODE_ENV !== 'production',
    consoleSources: consoleSources({ publicUrl: cfg.CONSOLE_PUBLIC_URL, pageHost: req.headers.get('host') ?? '', ports }),
  });
  const headers = new Headers(req.headers);
  headers.set('x-nonce', nonce);
  // Set here (never taken from the client) so a sign-in redirect can return to this page.
  headers.set(PAGE_PATH_HEADER, req.nextUrl.pathname + req.nextUrl.search);
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', csp);
  return res;
}

export const config = {
  // Pages only: built assets and route handlers' JSON have no scripts to guard; prefetches reuse
  // the page's policy.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};

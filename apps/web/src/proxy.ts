import { NextResponse, type NextRequest } from 'next/server';
import { pageCspFor } from '@/server/page-csp';
import { PAGE_PATH_HEADER } from '@/server/page-path';

/**
 * Runs before every page: a fresh nonce per request, passed to the render (Next.js reads it from
 * the request's CSP header; the root layout from x-nonce) and sent to the browser in the CSP.
 */
export async function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = (await pageCspFor(req.headers.get('host') ?? ''))(nonce);
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

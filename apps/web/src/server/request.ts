import 'server-only';
import { headers } from 'next/headers';
import { getConfig } from '@kiln/config';

/**
 * The client's IP for rate limits and the audit log. Kiln's HTTP server (apps/web/server) sets
 * X-Forwarded-For to the socket address and drops every other forwarded header unless
 * TRUST_PROXY=1; behind a trusted proxy the first entry is the client the proxy saw.
 */
export async function clientIp(): Promise<string> {
  const h = await headers();
  const xff = (h.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const trusted = getConfig().TRUST_PROXY;
  const ip = trusted ? xff[0] : xff[xff.length - 1];
  return ip || (trusted ? h.get('x-real-ip') : null) || 'unknown';
}

export async function userAgent(): Promise<string | undefined> {
  return (await headers()).get('user-agent') ?? undefined;
}

import 'server-only';
import { headers } from 'next/headers';
import { getConfig } from '@kiln/config';

/**
 * The client's IP for rate limits and the audit log. Next.js appends the socket address to
 * X-Forwarded-For, so without a trusted proxy only the last entry is believed.
 */
export async function clientIp(): Promise<string> {
  const h = await headers();
  const xff = (h.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const ip = getConfig().TRUST_PROXY ? xff[0] : xff[xff.length - 1];
  return ip || h.get('x-real-ip') || 'unknown';
}

export async function userAgent(): Promise<string | undefined> {
  return (await headers()).get('user-agent') ?? undefined;
}

import { expect } from 'vitest';
import { totpCode } from '@kiln/auth';
import type { WebClient } from './web-client';

/** A same-site JSON POST, as the sign-in page sends it. */
export function postJson(c: WebClient, path: string, body: unknown): Promise<Response> {
  return c.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', origin: c.baseUrl }, body: JSON.stringify(body) });
}

/** Turns TOTP on for the signed-in client the way the settings page does; returns what the user saw. */
export async function enableTotp(c: WebClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await c.action<{ secret: string; qr: string }>('startTotpAction');
  expect(start.data?.qr).toMatch(/^data:image\/svg\+xml/);
  const secret = start.data!.secret;
  const confirm = await c.action<{ recoveryCodes: string[] | null }>('confirmTotpAction', { code: totpCode(secret) });
  expect(confirm.serverError).toBeUndefined();
  return { secret, recoveryCodes: confirm.data?.recoveryCodes ?? [] };
}

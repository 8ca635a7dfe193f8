'use client';

import { startAuthentication } from '@simplewebauthn/browser';

export type SignInAnswer = { ok: true } | { secondFactor: SecondFactorMethods } | { error: string; fieldErrors?: Record<string, string> };
export interface SecondFactorMethods {
  totp: boolean;
  passkey: boolean;
  recovery: boolean;
}

/** POSTs one sign-in step and turns any answer (or no answer) into something to show. */
export async function postSignIn(url: string, body: unknown): Promise<SignInAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { error: 'Kiln did not answer. Check that it is running and try again.' };
  }
  const json = (await res.json().catch(() => ({}))) as { ok?: boolean; secondFactor?: SecondFactorMethods; error?: string; fieldErrors?: Record<string, string> };
  if (res.ok && json.secondFactor) return { secondFactor: json.secondFactor };
  if (res.ok) return { ok: true };
  return { error: json.error ?? `Sign-in failed (${res.status}).`, fieldErrors: json.fieldErrors };
}

/** Asks the browser for a passkey: after the password (second factor) or instead of it. */
export async function passkeySignIn(mode: 'second-factor' | 'passwordless'): Promise<SignInAnswer> {
  const res = await fetch(`/api/auth/passkey/options?mode=${mode}`, { method: 'POST' }).catch(() => null);
  const options = res?.ok ? await res.json() : null;
  if (!options) return { error: ((await res?.json().catch(() => null)) as { error?: string } | null)?.error ?? 'Passkey sign-in is not available right now.' };
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options });
  } catch {
    return { error: 'No passkey was used. Try again, or use another way to sign in.' };
  }
  return postSignIn('/api/auth/passkey/verify', { mode, response });
}

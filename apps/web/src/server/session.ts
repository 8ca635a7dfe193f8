import 'server-only';
import { createHash } from 'node:crypto';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getIronSession, unsealData, type SessionOptions } from 'iron-session';
import { SESSION_ABSOLUTE_SECONDS, type AuthedUser } from '@kiln/auth';
import { getConfig, isSecureUrl } from '@kiln/config';
import { auth } from './services';
import { loginHref } from '@/lib/next-path';
import { PAGE_PATH_HEADER } from './page-path';

/** The cookie holds only the random session id; everything else lives in Redis. */
interface CookieData {
  sid?: string;
}

export function sessionCookieOptions(): SessionOptions {
  const cfg = getConfig();
  const secure = isSecureUrl(cfg.APP_URL);
  return {
    password: cfg.SESSION_SECRET,
    // __Host- requires Secure, Path=/ and no Domain: only possible over https.
    cookieName: secure ? '__Host-kiln_session' : 'kiln_session',
    ttl: SESSION_ABSOLUTE_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}

async function cookieSession() {
  return getIronSession<CookieData>(await cookies(), sessionCookieOptions());
}

/**
 * Session ids of recently seen cookies, by a hash of the sealed cookie: unsealing derives two keys
 * and runs HMAC and AES through WebCrypto on every page view otherwise. The same sealed text
 * always opens to the same id, and the id is checked against Redis on every request anyway (its
 * absolute lifetime there equals the cookie's), so a cached id is never trusted longer than the
 * session itself. Entries live a minute; the map is bounded, oldest first out.
 */
const opened = new Map<string, { sid: string | undefined; until: number }>();
const OPENED_MS = 60_000;
const OPENED_MAX = 2_000;

export async function readSessionId(): Promise<string | undefined> {
  return sessionIdOf((await cookies()).get(sessionCookieOptions().cookieName)?.value);
}

/** The session id inside a sealed session cookie's value (undefined without one). */
export async function sessionIdOf(sealed: string | undefined): Promise<string | undefined> {
  const opts = sessionCookieOptions();
  if (!sealed) return undefined;
  const key = createHash('sha256').update(sealed).digest('base64url');
  const now = Date.now();
  const hit = opened.get(key);
  if (hit && hit.until > now) return hit.sid;
  const { sid } = await unsealData<CookieData>(sealed, { password: opts.password, ttl: opts.ttl });
  opened.delete(key);
  opened.set(key, { sid, until: now + OPENED_MS });
  for (const k of opened.keys()) {
    if (opened.size <= OPENED_MAX) break;
    opened.delete(k);
  }
  return sid;
}

/** Writes a fresh session id (login). Only callable from actions and route handlers. */
export async function writeSessionId(sid: string): Promise<void> {
  const s = await cookieSession();
  s.sid = sid;
  await s.save();
}

export async function clearSessionCookie(): Promise<void> {
  (await cookieSession()).destroy();
}

/** Where a user without a second factor goes while an admin requires one. */
export const ENROL_PATH = '/two-factor/setup';

/**
 * The session of this request, or null; `mustEnrol` while "require 2FA" is on and the user has
 * no second factor yet. Deduplicated per request.
 */
export const currentSession = cache(async (): Promise<{ user: AuthedUser; sid: string; mustEnrol: boolean } | null> => {
  const sid = await readSessionId();
  if (!sid) return null;
  const res = await auth().authenticate(sid);
  if (!res) return null;
  return { user: res.user, sid, mustEnrol: res.mustEnrol };
});

/** The fully signed-in user, or null (also while a required 2FA enrolment is outstanding). */
export const currentUser = cache(async (): Promise<{ user: AuthedUser; sid: string } | null> => {
  const cur = await currentSession();
  return cur && !cur.mustEnrol ? { user: cur.user, sid: cur.sid } : null;
});

/** For server layouts and pages: the user, or a redirect to the login (or 2FA enrolment) page. */
export async function requireUser(): Promise<AuthedUser> {
  const cur = await currentSession();
  if (!cur) {
    if (await auth().needsSetup()) redirect('/setup');
    // The proxy passes the page's path along, so signing in again returns there.
    redirect(loginHref((await headers()).get(PAGE_PATH_HEADER) ?? undefined));
  }
  if (cur.mustEnrol) redirect(ENROL_PATH);
  return cur.user;
}

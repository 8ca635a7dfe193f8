import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getIronSession, type SessionOptions } from 'iron-session';
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

export async function readSessionId(): Promise<string | undefined> {
  return (await cookieSession()).sid;
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
  return { user: res.user, sid, mustEnrol: await auth().twoFactor.mustEnrol(res.user.id) };
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

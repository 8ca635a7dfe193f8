import { afterAll, describe, expect, inject, it } from 'vitest';
import { LoginRateLimiter, SessionStore } from '@kiln/auth';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';

const webUrl = inject('webUrl');
const client = () => new WebClient(webUrl);

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

describe('sign-in over HTTP', () => {
  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const u = await makeUser();
    const wrong = await client().login(u.username, 'not the right password');
    const unknown = await client().login(`nobody-${u.username}`, 'not the right password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.getSetCookie()).toHaveLength(0);
    const failures = await getDb().auditEvent.count({ where: { userId: u.id, action: 'auth.login', outcome: 'failure' } });
    expect(failures).toBe(1);
  });

  it('gives 429 with the wait after 5 failures, even for the right password', async () => {
    const u = await makeUser();
    for (let i = 0; i < 5; i++) expect((await client().login(u.username, `wrong-${i}-password`)).status).toBe(401);
    const limited = await client().login(u.username, u.password);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const body = (await limited.json()) as { error: string; retryAfterSeconds: number };
    expect(body.error).toMatch(/Too many failed sign-ins\. Try again in \d+ (minute|second)s?\./);
    expect(body.retryAfterSeconds).toBe(retryAfter);
  });

  it('issues a new session id on every login and the page needs one', async () => {
    const u = await makeUser();
    const a = client();
    expect((await a.page('/')).location).toMatch(/\/login$/);
    expect((await a.login(u.username, u.password)).status).toBe(200);
    const first = a.cookieHeader;
    expect((await a.page('/')).status).toBe(200);
    expect((await a.login(u.username, u.password)).status).toBe(200);
    expect(a.cookieHeader).not.toBe(first);
    const old = client();
    old.setCookies(new Map(first.split('; ').map((kv) => kv.split('=') as [string, string])));
    // The earlier session is still a separate, valid session until signed out.
    expect((await old.page('/')).status).toBe(200);
  });

  it('sets HttpOnly, SameSite=Lax cookies holding only a sealed id', async () => {
    const u = await makeUser();
    const res = await client().login(u.username, u.password);
    const cookie = res.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^kiln_session=Fe26\.2\*/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toContain(u.id);
  });
});

describe('sign-out', () => {
  it('logout makes the old cookie useless', async () => {
    const u = await makeUser();
    const a = client();
    await a.login(u.username, u.password);
    const stolen = a.cloneCookies();
    const out = await a.action('logoutAction');
    expect(out.redirect).toBe('/login');
    const replay = client();
    replay.setCookies(stolen);
    expect((await replay.page('/')).location).toMatch(/\/login$/);
    const act = await replay.action('changePasswordAction', { currentPassword: u.password, password: 'another long password', confirmPassword: 'another long password' });
    expect(act.serverError?.code).toBe('UNAUTHENTICATED');
  });

  it('"sign out of all sessions" ends the other sessions too', async () => {
    const u = await makeUser();
    const laptop = client();
    const phone = client();
    await laptop.login(u.username, u.password);
    await phone.login(u.username, u.password);
    expect((await phone.page('/')).status).toBe(200);
    const res = await laptop.action('logoutEverywhereAction');
    expect(res.redirect).toBe('/login?signedOut=all');
    expect((await phone.page('/')).location).toMatch(/\/login$/);
    expect((await laptop.page('/')).location).toMatch(/\/login$/);
    expect(await getDb().auditEvent.count({ where: { userId: u.id, action: 'auth.logout-all' } })).toBe(1);
  });

  it('an expired session redirects to the login page', async () => {
    const u = await makeUser();
    const a = client();
    await a.login(u.username, u.password);
    expect((await a.page('/containers')).status).toBe(200);
    // Expire every session of this user server-side, as the idle TTL would.
    const redis = getRedis();
    const hashes = await redis.smembers(`user-sess:${u.id}`);
    expect(hashes.length).toBe(1);
    await redis.pexpire(`sess:${hashes[0]}`, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await a.page('/containers')).location).toMatch(/\/login\?next=%2Fcontainers$/);
  });
});

describe('session store limits (real Redis, controlled clock)', () => {
  it('slides the idle timeout and enforces the absolute limit', async () => {
    let now = Date.now();
    const store = new SessionStore(getRedis(), { idleSeconds: 100, absoluteSeconds: 300 }, () => now);
    const sid = await store.create({ userId: '00000000-0000-4000-8000-000000000001', epoch: 0 });
    now += 90_000;
    expect(await store.touch(sid)).not.toBeNull(); // active within the idle window
    now += 90_000;
    expect(await store.touch(sid)).not.toBeNull(); // idle timer slid forward
    now += 101_000;
    expect(await store.touch(sid)).toBeNull(); // idle too long
    const sid2 = await store.create({ userId: '00000000-0000-4000-8000-000000000001', epoch: 0 });
    for (let i = 0; i < 3; i++) {
      now += 90_000;
      expect(await store.touch(sid2)).not.toBeNull();
    }
    now += 40_000; // 310 s old: past the absolute limit although active
    expect(await store.touch(sid2)).toBeNull();
  });
});

describe('login rate limiter (real Redis)', () => {
  it('locks after the limit and unlocks when the window passes', async () => {
    const limiter = new LoginRateLimiter(getRedis(), { maxFailures: 3, windowSeconds: 1 }, { maxFailures: 100, windowSeconds: 1 });
    const name = `rl-${Date.now()}`;
    for (let i = 0; i < 3; i++) expect((await limiter.reserve(name, '10.9.9.9')).limited).toBe(false);
    const locked = await limiter.reserve(name, '10.9.9.9');
    expect(locked.limited).toBe(true);
    if (locked.limited) expect(locked.retryAfterSeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await limiter.reserve(name, '10.9.9.9')).limited).toBe(false);
  });

  it('limits an IP that tries many accounts', async () => {
    const limiter = new LoginRateLimiter(getRedis(), { maxFailures: 5, windowSeconds: 60 }, { maxFailures: 4, windowSeconds: 60 });
    const ip = `10.8.${Date.now() % 250}.1`;
    for (let i = 0; i < 4; i++) await limiter.reserve(`acct-${i}-${ip}`, ip);
    expect((await limiter.reserve(`fresh-account-${ip}`, ip)).limited).toBe(true);
    expect((await limiter.reserve(`fresh-account-${ip}`, '10.7.7.7')).limited).toBe(false);
  });

  it('a right password gives the attempt back', async () => {
    const limiter = new LoginRateLimiter(getRedis(), { maxFailures: 2, windowSeconds: 60 }, { maxFailures: 2, windowSeconds: 60 });
    const ip = `10.6.${Date.now() % 250}.2`;
    for (let i = 0; i < 5; i++) {
      expect((await limiter.reserve(`ok-${ip}`, ip)).limited).toBe(false);
      await limiter.release(`ok-${ip}`, ip);
    }
    expect(await getRedis().get(`rl:login:ip:${ip}`)).toBe('0');
  });
});

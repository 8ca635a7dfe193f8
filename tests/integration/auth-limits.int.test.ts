import { afterAll, describe, expect, inject, it } from 'vitest';
import { LoginRateLimiter, SessionStore } from '@kiln/auth';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { WebClient } from '../helpers/web-client';
import { fakeIp, makeUser } from '../helpers/users';

const webUrl = inject('webUrl');

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

describe('sign-in limits hold under parallel attempts', () => {
  it('100 parallel wrong passwords for one account: at most 5 are checked, the rest get 429', async () => {
    const u = await makeUser();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => new WebClient(webUrl).login(u.username, `wrong password ${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(95);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Only the checked attempts reached the password hash (each audited as invalid-credentials).
    const checked = await getDb().auditEvent.count({ where: { userId: u.id, action: 'auth.login', detail: { path: ['reason'], equals: 'invalid-credentials' } } });
    expect(checked).toBeLessThanOrEqual(5);
  });

  it('the per-account and per-IP counters are atomic (100 parallel reservations)', async () => {
    const limiter = new LoginRateLimiter(getRedis());
    const name = `par-${fakeIp()}`;
    const one = await Promise.all(Array.from({ length: 100 }, () => limiter.reserve(name, fakeIp())));
    expect(one.filter((s) => !s.limited)).toHaveLength(5);
    const ip = fakeIp();
    const many = await Promise.all(Array.from({ length: 100 }, (_, i) => limiter.reserve(`${name}-${i}`, ip)));
    expect(many.filter((s) => !s.limited)).toHaveLength(20);
  });

  it('wrong current passwords on "change password" are rate limited', async () => {
    const u = await makeUser();
    const c = new WebClient(webUrl);
    expect((await c.login(u.username, u.password)).status).toBe(200);
    const attempt = () => c.action('changePasswordAction', { currentPassword: 'not my password', password: 'another long password', confirmPassword: 'another long password' });
    for (let i = 0; i < 5; i++) expect((await attempt()).serverError?.fieldErrors?.currentPassword).toMatch(/not your current password/);
    const limited = await attempt();
    expect(limited.serverError?.code).toBe('RATE_LIMITED');
    expect(limited.serverError?.message).toMatch(/Too many wrong passwords\. Try again in \d+ minutes?\./);
  });
});

describe('live sessions per user', () => {
  it('caps sessions at 10: the 11th sign-in ends the oldest', async () => {
    const u = await makeUser();
    const clients = [];
    for (let i = 0; i < 11; i++) {
      const c = new WebClient(webUrl);
      expect((await c.login(u.username, u.password)).status).toBe(200);
      clients.push(c);
    }
    expect(await new SessionStore(getRedis()).list(u.id)).toHaveLength(10);
    expect((await clients[0]!.page('/')).location).toMatch(/\/login$/);
    for (const c of clients.slice(1)) expect((await c.page('/')).status).toBe(200);
  });

  it('ends one chosen session and leaves the others', async () => {
    const u = await makeUser();
    const laptop = new WebClient(webUrl);
    const phone = new WebClient(webUrl);
    await laptop.login(u.username, u.password);
    await phone.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: webUrl, 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148 Safari/604.1' },
      body: JSON.stringify({ username: u.username, password: u.password }),
    });
    const account = await laptop.page('/settings/account');
    expect(account.html).toContain('Safari on iPhone');
    expect(account.html).toContain('This session');
    const sessions = await new SessionStore(getRedis()).list(u.id);
    const phoneSession = sessions.find((s) => s.userAgent?.includes('iPhone'));
    expect(phoneSession).toBeDefined();
    const res = await laptop.action('endSessionAction', { idHash: phoneSession!.idHash });
    expect(res.serverError).toBeUndefined();
    expect((await phone.page('/')).location).toMatch(/\/login$/);
    expect((await laptop.page('/')).status).toBe(200);
    // Someone else's session id hash is refused, not ended.
    const other = await makeUser();
    const otherClient = new WebClient(webUrl);
    await otherClient.login(other.username, other.password);
    const [otherSession] = await new SessionStore(getRedis()).list(other.id);
    const refused = await laptop.action('endSessionAction', { idHash: otherSession!.idHash });
    expect(refused.serverError?.code).toBe('NOT_FOUND');
    expect((await otherClient.page('/')).status).toBe(200);
  });
});

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths';
import { inheritedEnv } from '../../scripts/lib/config';
import { totpCode } from '@kiln/auth';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';
import { enableTotp, postJson } from '../helpers/two-factor';

const webUrl = inject('webUrl');

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

/** A user with TOTP on, and the secret and recovery codes an authenticator and a drawer would hold. */
async function userWithTotp() {
  const u = await makeUser();
  const c = new WebClient(webUrl);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  const { secret, recoveryCodes } = await enableTotp(c);
  return { ...u, secret, recoveryCodes };
}

/** Password step: answers "second factor needed" and sets no session. */
async function passwordStep(u: { username: string; password: string }) {
  const c = new WebClient(webUrl);
  const res = await c.login(u.username, u.password);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ secondFactor: { totp: true, passkey: false, recovery: true } });
  expect((await c.page('/')).location).toMatch(/\/login$/);
  return c;
}

describe('two-factor sign-in', () => {
  it('TOTP: the password alone opens nothing; the app code finishes the sign-in', async () => {
    const u = await userWithTotp();
    expect(u.recoveryCodes).toHaveLength(10);
    const row = await getDb().user.findUniqueOrThrow({ where: { id: u.id }, select: { totpSecretEnc: true } });
    expect(row.totpSecretEnc).toMatch(/^kiln1\./);
    expect(row.totpSecretEnc).not.toContain(u.secret);
    const c = await passwordStep(u);
    // The next step's code: the one used to confirm the enrolment may not be used again.
    const res = await postJson(c, '/api/auth/2fa', { method: 'totp', code: totpCode(u.secret, Date.now() + 30_000) });
    expect(res.status).toBe(200);
    expect((await c.page('/')).status).toBe(200);
    const audit = await getDb().auditEvent.findMany({ where: { userId: u.id }, select: { detail: true } });
    expect(JSON.stringify(audit)).not.toContain(u.secret);
  });

  it('a replayed TOTP code is refused', async () => {
    const u = await userWithTotp();
    const code = totpCode(u.secret, Date.now() + 30_000);
    expect((await postJson(await passwordStep(u), '/api/auth/2fa', { method: 'totp', code })).status).toBe(200);
    const again = await passwordStep(u);
    const replay = await postJson(again, '/api/auth/2fa', { method: 'totp', code });
    expect(replay.status).toBe(401);
    expect((await again.page('/')).location).toMatch(/\/login$/);
  });

  it('a recovery code signs in once; used again it is refused', async () => {
    const u = await userWithTotp();
    const code = u.recoveryCodes[3]!;
    const first = await passwordStep(u);
    expect((await postJson(first, '/api/auth/2fa', { method: 'recovery', code: code.toUpperCase() })).status).toBe(200);
    expect((await first.page('/')).status).toBe(200);
    const second = await passwordStep(u);
    expect((await postJson(second, '/api/auth/2fa', { method: 'recovery', code })).status).toBe(401);
    expect((await postJson(second, '/api/auth/2fa', { method: 'recovery', code: u.recoveryCodes[4]! })).status).toBe(200);
    const stored = await getDb().recoveryCode.findMany({ where: { userId: u.id } });
    expect(stored).toHaveLength(10);
    expect(stored.filter((r) => r.usedAt)).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('wrong codes are rate limited (and audited without the code)', async () => {
    const u = await userWithTotp();
    const c = await passwordStep(u);
    for (let i = 0; i < 5; i++) expect((await postJson(c, '/api/auth/2fa', { method: 'totp', code: '000000' })).status).toBe(401);
    const limited = await postJson(c, '/api/auth/2fa', { method: 'totp', code: totpCode(u.secret, Date.now() + 30_000) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const failures = await getDb().auditEvent.findMany({ where: { userId: u.id, action: 'auth.2fa', outcome: 'failure' }, select: { detail: true } });
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(failures)).not.toContain('000000');
  });

  it('without the pending cookie of a right password, a code opens nothing', async () => {
    const u = await userWithTotp();
    const stranger = new WebClient(webUrl);
    expect((await postJson(stranger, '/api/auth/2fa', { method: 'totp', code: totpCode(u.secret, Date.now() + 30_000) })).status).toBe(401);
  });
});

describe('weakening the account asks for the password again', () => {
  it('turning the app off and new recovery codes need the password; a wrong one changes nothing', async () => {
    const u = await userWithTotp();
    const c = await passwordStep(u);
    expect((await postJson(c, '/api/auth/2fa', { method: 'totp', code: totpCode(u.secret, Date.now() + 30_000) })).status).toBe(200);
    const totpOn = async () => (await getDb().user.findUniqueOrThrow({ where: { id: u.id }, select: { totpSecretEnc: true } })).totpSecretEnc !== null;

    // A session left open is not enough: no password, no change.
    const bare = await c.action('disableTotpAction', {});
    expect(bare.validationErrors).toBeDefined();
    const wrong = await c.action('disableTotpAction', { password: 'not-the-password' });
    expect(wrong.serverError?.fieldErrors?.password).toBe('This is not your current password.');
    expect(await totpOn()).toBe(true);
    const codes = await c.action<{ recoveryCodes: string[] }>('regenerateRecoveryCodesAction', { password: 'still-wrong' });
    expect(codes.data).toBeUndefined();
    expect(codes.serverError?.fieldErrors?.password).toBeDefined();
    // The old recovery codes still work after the refused attempt.
    expect(await getDb().recoveryCode.count({ where: { userId: u.id, usedAt: null } })).toBe(10);

    const fresh = await c.action<{ recoveryCodes: string[] }>('regenerateRecoveryCodesAction', { password: u.password });
    expect(fresh.data?.recoveryCodes).toHaveLength(10);
    expect(fresh.data?.recoveryCodes).not.toEqual(u.recoveryCodes);
    expect((await c.action('disableTotpAction', { password: u.password })).serverError?.message).toBeUndefined();
    expect(await totpOn()).toBe(false);
    const failures = await getDb().auditEvent.findMany({ where: { userId: u.id, outcome: 'failure', action: { in: ['auth.2fa.disable', 'auth.recovery-codes'] } } });
    expect(failures).toHaveLength(2);
  });
});

describe('admin recovery', () => {
  it("an admin reset sets a new password, clears 2FA and ends the user's sessions", async () => {
    const u = await userWithTotp();
    const phone = await passwordStep(u);
    expect((await postJson(phone, '/api/auth/2fa', { method: 'recovery', code: u.recoveryCodes[0]! })).status).toBe(200);
    expect((await phone.page('/')).status).toBe(200);
    const admin = await makeUser('admin');
    const a = new WebClient(webUrl);
    await a.login(admin.username, admin.password);
    const res = await a.action('resetUserAction', { userId: u.id, password: 'a brand new password', clearTwoFactor: true });
    expect(res.serverError).toBeUndefined();
    expect((await phone.page('/')).location).toMatch(/\/login$/);
    const after = await getDb().user.findUniqueOrThrow({ where: { id: u.id }, select: { totpSecretEnc: true, totpEnabledAt: true } });
    expect(after).toEqual({ totpSecretEnc: null, totpEnabledAt: null });
    expect(await getDb().recoveryCode.count({ where: { userId: u.id } })).toBe(0);
    const fresh = new WebClient(webUrl);
    expect((await fresh.login(u.username, u.password)).status).toBe(401);
    const ok = await fresh.login(u.username, 'a brand new password');
    expect(await ok.json()).toEqual({ ok: true });
    expect(await getDb().auditEvent.count({ where: { action: 'user.reset', targetId: u.id, userId: admin.id } })).toBe(1);
  });

  it('a user who is not an admin cannot reset anyone', async () => {
    const victim = await makeUser();
    const u = await makeUser();
    const c = new WebClient(webUrl);
    await c.login(u.username, u.password);
    const res = await c.action('resetUserAction', { userId: victim.id, password: 'a brand new password', clearTwoFactor: true });
    expect(res.serverError?.code).toBe('FORBIDDEN');
    expect((await new WebClient(webUrl).login(victim.username, victim.password)).status).toBe(200);
  });

  it('reset-admin on the command line: a new password printed once, no 2FA, no sessions, audited', async () => {
    const admin = await makeUser('admin');
    const c = new WebClient(webUrl);
    await c.login(admin.username, admin.password);
    await enableTotp(c);
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, [path.join(ROOT, 'scripts/reset-admin.ts'), '--username', admin.username], { cwd: ROOT, env: inheritedEnv() });
    const password = /New password \(shown once\): (\S+)/.exec(stdout)?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);
    expect((await c.page('/')).location).toMatch(/\/login$/);
    expect(await (await new WebClient(webUrl).login(admin.username, password!)).json()).toEqual({ ok: true });
    const audit = await getDb().auditEvent.findMany({ where: { action: 'user.reset', targetId: admin.id }, select: { detail: true } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(password);
  });
});

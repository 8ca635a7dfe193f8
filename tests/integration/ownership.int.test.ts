import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb, recordAudit } from '@kiln/db';
import { WebClient } from '../helpers/web-client';
import { makeUser, TEST_PASSWORD } from '../helpers/users';

const webUrl = inject('webUrl');

afterAll(closeDb);

async function signedIn(role: 'admin' | 'user' = 'user') {
  const u = await makeUser(role);
  const c = new WebClient(webUrl);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return { u, c };
}

describe('user B cannot read or change user A through server actions', () => {
  it('a non-admin cannot create or delete users', async () => {
    const a = await signedIn('admin');
    const b = await signedIn('user');
    const created = await b.c.action('createUserAction', { username: `evil-${Date.now()}`, password: TEST_PASSWORD, role: 'admin' });
    expect(created.serverError?.code).toBe('FORBIDDEN');
    const del = await b.c.action('deleteUserAction', { userId: a.u.id });
    expect(del.serverError?.code).toBe('FORBIDDEN');
    expect(await getDb().user.count({ where: { id: a.u.id } })).toBe(1);
  });

  it("changing a password only ever touches the caller's own account", async () => {
    const a = await signedIn();
    const b = await signedIn();
    const before = await getDb().user.findUniqueOrThrow({ where: { id: a.u.id } });
    // Extra fields such as a user id are not part of the schema and cannot redirect the action.
    const res = await b.c.action('changePasswordAction', { userId: a.u.id, currentPassword: TEST_PASSWORD, password: 'a brand new password', confirmPassword: 'a brand new password' });
    expect(res.data).toEqual({ ok: true });
    const after = await getDb().user.findUniqueOrThrow({ where: { id: a.u.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect((await new WebClient(webUrl).login(b.u.username, 'a brand new password')).status).toBe(200);
  });

  it("one user's audit log never shows another's events", async () => {
    const a = await signedIn();
    const b = await signedIn();
    await recordAudit(getDb(), { userId: a.u.id, actor: a.u.username, action: 'node.create', outcome: 'success', targetName: `secret-node-of-${a.u.username}` });
    expect((await a.c.page('/settings/audit')).html).toContain(`secret-node-of-${a.u.username}`);
    const page = await b.c.page('/settings/audit');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain(`secret-node-of-${a.u.username}`);
  });

  it('a non-admin cannot see the user list', async () => {
    const b = await signedIn();
    const a = await signedIn('admin');
    expect((await a.c.page('/settings/users')).html).toContain(b.u.username);
    const page = await b.c.page('/settings/users');
    expect(page.html).toContain('Page not found');
    expect(page.html).not.toContain(a.u.username);
  });

  it('actions without a session are refused', async () => {
    const anon = new WebClient(webUrl);
    const res = await anon.action('createUserAction', { username: 'nobody-here', password: TEST_PASSWORD, role: 'user' });
    expect(res.serverError?.code).toBe('UNAUTHENTICATED');
  });

  it('setup cannot run again once an account exists', async () => {
    await makeUser();
    const anon = new WebClient(webUrl);
    const res = await anon.action('setupAdminAction', { username: 'intruder', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
    expect(res.serverError?.code).toBe('CONFLICT');
    expect(await getDb().user.count({ where: { username: 'intruder' } })).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@kiln/auth';
import { createDb, createUser } from '@kiln/db';
import { childEnv, loadConfig } from '../../scripts/lib/config';
import { prismaMigrateDeploy } from '../../scripts/lib/prisma';
import { dropDatabase, recreateDatabase } from '../../scripts/lib/services';
import type { Stack } from '../../scripts/lib/stack';
import { startTestStack } from '../setup/stack';
import { WebClient } from '../helpers/web-client';
import { enableTotp } from '../helpers/two-factor';
import { TEST_PASSWORD } from '../helpers/users';

// "Require 2FA for all users" is instance-wide: it runs against its own database and web app, so
// the other test files (running in parallel) never see it switched on.
let stack: Stack;
let dbUrl: string;
let db: ReturnType<typeof createDb>;

beforeAll(async () => {
  const cfg = loadConfig();
  const u = new URL(cfg.DATABASE_URL);
  u.pathname = `${u.pathname}_req2fa`;
  dbUrl = u.toString();
  await recreateDatabase(dbUrl);
  await prismaMigrateDeploy(dbUrl, childEnv(cfg, { DATABASE_URL: dbUrl }));
  stack = await startTestStack({ DATABASE_URL: dbUrl, REDIS_PREFIX: `${cfg.REDIS_PREFIX}req2fa:` });
  db = createDb(dbUrl);
});

afterAll(async () => {
  await stack?.stop();
  await db?.$disconnect();
  if (dbUrl) await dropDatabase(dbUrl);
});

async function user(username: string, role: 'admin' | 'user') {
  await createUser(db, { username, passwordHash: await hashPassword(TEST_PASSWORD), role });
  const c = new WebClient(stack.url);
  expect((await c.login(username, TEST_PASSWORD)).status).toBe(200);
  return c;
}

describe('require two-factor sign-in for all users', () => {
  it('sends a user without 2FA to enrol, allows nothing else until done, then lets them in', async () => {
    const admin = await user('boss', 'admin');
    expect((await admin.action('setRequireTwoFactorAction', { required: true })).serverError).toBeUndefined();
    const c = await user('newbie', 'user');
    expect((await c.page('/')).location).toMatch(/\/two-factor\/setup$/);
    expect((await c.page('/settings/account')).location).toMatch(/\/two-factor\/setup$/);
    expect((await c.page('/two-factor/setup')).status).toBe(200);
    const blocked = await c.action('endSessionAction', { idHash: 'x' });
    expect(blocked.serverError?.code).toBe('FORBIDDEN');
    expect(blocked.serverError?.message).toMatch(/Set up two-factor sign-in first/);
    // The admin who switched it on has no 2FA either: the same holds for them.
    expect((await admin.page('/')).location).toMatch(/\/two-factor\/setup$/);
    await enableTotp(c);
    expect((await c.page('/')).status).toBe(200);
    expect((await c.page('/settings/account')).status).toBe(200);
  });
});

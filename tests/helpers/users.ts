import { randomBytes } from 'node:crypto';
import { hashPassword } from '@kiln/auth';
import { createUser, getDb } from '@kiln/db';
import { WebClient } from './web-client';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A fresh user with a unique name (tests never share accounts). */
export async function makeUser(role: 'admin' | 'user' = 'user', password = TEST_PASSWORD) {
  const username = `u-${randomBytes(5).toString('hex')}`;
  const user = await createUser(getDb(), { username, passwordHash: await hashPassword(password), role });
  return { ...user, password };
}

export { fakeIp } from './web-client';

/** A fresh user signed in to the web app at `webUrl` through its own cookie jar. */
export async function signedIn(webUrl: string, role: 'admin' | 'user' = 'user') {
  const u = await makeUser(role);
  const c = new WebClient(webUrl);
  const res = await c.login(u.username, u.password);
  if (res.status !== 200) throw new Error(`sign-in of ${u.username} failed: ${res.status}`);
  return { u, c };
}

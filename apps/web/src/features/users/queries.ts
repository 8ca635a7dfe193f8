import 'server-only';
import { REQUIRE_TWO_FACTOR, getFlag, listUsers, usersWithTwoFactor } from '@kiln/db';
import { getDb } from '@/server/services';

export async function allUsers() {
  const db = getDb();
  const [users, withTwoFactor] = await Promise.all([listUsers(db), usersWithTwoFactor(db)]);
  return users.map((u) => ({ ...u, twoFactor: withTwoFactor.has(u.id) }));
}

export function twoFactorRequired(): Promise<boolean> {
  return getFlag(getDb(), REQUIRE_TWO_FACTOR);
}

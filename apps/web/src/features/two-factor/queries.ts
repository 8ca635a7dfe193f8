import 'server-only';
import { listPasskeys } from '@kiln/db';
import { auth, getDb } from '@/server/services';

export async function twoFactorOverview(userId: string) {
  const [status, passkeys] = await Promise.all([auth().twoFactor.status(userId), listPasskeys(getDb(), userId)]);
  return { status, passkeys };
}

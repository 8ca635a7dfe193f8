import 'server-only';
import { twoFactorOverview as overview } from '@kiln/services';
import { auth, deps } from '@/server/services';

export function twoFactorOverview(userId: string) {
  return overview({ db: deps().db, auth: auth() }, userId);
}

import 'server-only';
import { allUsers as usersOf, twoFactorRequired as required } from '@kiln/services';
import { deps } from '@/server/services';

export function allUsers() {
  return usersOf(deps().db);
}

export function twoFactorRequired(): Promise<boolean> {
  return required(deps().db);
}

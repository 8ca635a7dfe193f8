import 'server-only';
import { listUsers } from '@kiln/db';
import { getDb } from '@/server/services';

export function allUsers() {
  return listUsers(getDb());
}

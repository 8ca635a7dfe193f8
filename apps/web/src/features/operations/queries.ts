import 'server-only';
import { listOperations, operationView } from '@kiln/services';
import { isAppError } from '@kiln/core';
import { deps } from '@/server/services';

export function myOperations(userId: string) {
  return listOperations(deps().db, userId, { limit: 50 });
}

/** The operation if it is this user's (null otherwise: the page answers 404 either way). */
export async function myOperation(userId: string, id: string) {
  try {
    return (await operationView(deps(), userId, id, '0')).operation;
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

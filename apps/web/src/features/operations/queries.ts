import 'server-only';
import { listOperations, operationView, type Viewer } from '@kiln/services';
import { isAppError } from '@kiln/core';
import { deps } from '@/server/services';

/** The viewer's operations; an admin's list holds everyone's unless `mine`. */
export function visibleOperations(viewer: Viewer, opts: { mine: boolean }) {
  return listOperations(deps().db, viewer, { limit: 50, mine: opts.mine });
}

/** The operation if the viewer may read it (null otherwise: the page answers 404 either way). */
export async function visibleOperation(viewer: Viewer, id: string) {
  try {
    const view = await operationView(deps(), viewer, id, '0');
    return { ...view.operation, mine: view.mine };
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

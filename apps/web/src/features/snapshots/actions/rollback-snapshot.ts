'use server';

import { requestOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { rollbackSnapshotSchema } from '../schemas';

/** Rolls the container back to a snapshot (PVE `vzrollback`, optionally starting it after): queued, returns its id. */
export const rollbackSnapshotAction = authAction
  .metadata({ name: 'rollbackSnapshot' })
  .inputSchema(rollbackSnapshotSchema)
  .action(async ({ parsedInput: { nodeId, vmid, snapname, start }, ctx }) => requestOperation(containerDeps(), ctx.actor, 'snapshot.rollback', { nodeId, vmid }, { snapname, start }));

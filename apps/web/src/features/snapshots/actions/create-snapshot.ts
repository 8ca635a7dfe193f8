'use server';

import { requestOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { createSnapshotSchema } from '../schemas';

/** Takes a snapshot (PVE `vzsnapshot`): queued as an operation, returns its id at once. */
export const createSnapshotAction = authAction
  .metadata({ name: 'createSnapshot' })
  .inputSchema(createSnapshotSchema)
  .action(async ({ parsedInput: { nodeId, vmid, snapname, description }, ctx }) => requestOperation(containerDeps(), ctx.actor, 'snapshot.create', { nodeId, vmid }, { snapname, description }));

'use server';

import { requestOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { rollbackSnapshotSchema } from '../schemas';

/** Rolls the container (or VM: `qmrollback`) back to a snapshot, optionally starting it after: queued, returns its id. */
export const rollbackSnapshotAction = authAction
  .metadata({ name: 'rollbackSnapshot' })
  .inputSchema(rollbackSnapshotSchema)
  .action(async ({ parsedInput: { nodeId, vmid, guest, snapname, start }, ctx }) =>
    requestOperation(containerDeps(), ctx.actor, guest === 'qemu' ? 'vm.snapshot.rollback' : 'snapshot.rollback', { nodeId, vmid }, { snapname, start }),
  );

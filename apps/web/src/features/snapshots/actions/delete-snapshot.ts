'use server';

import { requestOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { deleteSnapshotSchema } from '../schemas';

/** Deletes one snapshot (PVE `vzdelsnapshot`, `qmdelsnapshot` of a VM): queued, returns its id. */
export const deleteSnapshotAction = authAction
  .metadata({ name: 'deleteSnapshot' })
  .inputSchema(deleteSnapshotSchema)
  .action(async ({ parsedInput: { nodeId, vmid, guest, snapname }, ctx }) =>
    requestOperation(containerDeps(), ctx.actor, guest === 'qemu' ? 'vm.snapshot.delete' : 'snapshot.delete', { nodeId, vmid }, { snapname }),
  );

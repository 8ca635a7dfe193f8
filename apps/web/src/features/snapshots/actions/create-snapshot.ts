'use server';

import { requestOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { createSnapshotSchema } from '../schemas';

/** Takes a snapshot (PVE `vzsnapshot`, or `qmsnapshot` of a VM, its RAM too with `vmstate`): queued as an operation, returns its id at once. */
export const createSnapshotAction = authAction
  .metadata({ name: 'createSnapshot' })
  .inputSchema(createSnapshotSchema)
  .action(async ({ parsedInput: { nodeId, vmid, guest, snapname, description, vmstate }, ctx }) =>
    guest === 'qemu'
      ? requestOperation(containerDeps(), ctx.actor, 'vm.snapshot.create', { nodeId, vmid }, { snapname, description, vmstate })
      : requestOperation(containerDeps(), ctx.actor, 'snapshot.create', { nodeId, vmid }, { snapname, description }),
  );

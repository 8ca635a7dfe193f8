'use server';

import { requestSnapshotDescribe } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { describeSnapshotSchema } from '../schemas';

/** Changes a container's or VM's snapshot description (no PVE task): queued as an operation, returns its id. */
export const describeSnapshotAction = authAction
  .metadata({ name: 'describeSnapshot' })
  .inputSchema(describeSnapshotSchema)
  .action(async ({ parsedInput: { nodeId, vmid, guest, snapname, description }, ctx }) => requestSnapshotDescribe(containerDeps(), ctx.actor, { nodeId, vmid }, { snapname, description }, guest));

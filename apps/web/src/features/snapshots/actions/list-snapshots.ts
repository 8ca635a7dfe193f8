'use server';

import { requestSnapshotList } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { guestRefSchema } from '../schemas';

/** The snapshot tree and whether the guest's storage can snapshot, read by the worker (interactive queue). */
export const listSnapshotsAction = authAction
  .metadata({ name: 'listSnapshots' })
  .inputSchema(guestRefSchema)
  .action(async ({ parsedInput: { nodeId, vmid, guest }, ctx }) => requestSnapshotList(containerDeps(), ctx.user.id, { nodeId, vmid }, guest));

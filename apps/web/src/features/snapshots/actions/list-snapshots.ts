'use server';

import { requestSnapshotList } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';

/** The snapshot tree and whether the container's storage can snapshot, read by the worker (interactive queue). */
export const listSnapshotsAction = authAction
  .metadata({ name: 'listSnapshots' })
  .inputSchema(containerRefSchema)
  .action(async ({ parsedInput, ctx }) => requestSnapshotList(containerDeps(), ctx.user.id, parsedInput));

'use server';

import { requestDiskResize } from '@kiln/services';
import { resizeRequestSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';

/** Grows a disk (`PUT .../resize`); a shrink is refused at the field before anything is queued. */
export const resizeDiskAction = authAction
  .metadata({ name: 'resizeDisk' })
  .inputSchema(resizeRequestSchema)
  .action(async ({ parsedInput: { nodeId, vmid, ...params }, ctx }) => requestDiskResize(containerDeps(), ctx.actor, { nodeId, vmid }, params));

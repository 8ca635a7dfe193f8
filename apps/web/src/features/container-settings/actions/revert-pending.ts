'use server';

import { requestRevertPending } from '@kiln/services';
import { revertPendingSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';

/** Drops what Proxmox VE keeps pending until the next restart. */
export const revertPendingAction = authAction
  .metadata({ name: 'revertPending' })
  .inputSchema(revertPendingSchema)
  .action(async ({ parsedInput: { nodeId, vmid, keys }, ctx }) => requestRevertPending(containerDeps(), ctx.actor, { nodeId, vmid }, { keys }));

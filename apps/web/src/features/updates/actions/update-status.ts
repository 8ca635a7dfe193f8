'use server';

import { containerUpdateStatus } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { updateStatusSchema } from '../schemas';

/** The container's last update check (what the Updates tab polls while a check runs). */
export const updateStatusAction = authAction
  .metadata({ name: 'updateStatus' })
  .inputSchema(updateStatusSchema)
  .action(async ({ parsedInput: { nodeId, vmid }, ctx }) => containerUpdateStatus(deps().db, ctx.user.id, { nodeId, vmid }));

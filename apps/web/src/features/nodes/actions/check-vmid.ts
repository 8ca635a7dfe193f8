'use server';

import { authAction } from '@/lib/safe-action';
import { vmidService } from '@/server/nodes';
import { vmidInputSchema } from '../schemas';

/** Inline VMID validation against the cluster's cached ids. */
export const checkVmidAction = authAction
  .metadata({ name: 'checkVmid' })
  .inputSchema(vmidInputSchema)
  .action(async ({ parsedInput, ctx }) => vmidService().check(ctx.user.id, parsedInput.nodeId, parsedInput.vmid));

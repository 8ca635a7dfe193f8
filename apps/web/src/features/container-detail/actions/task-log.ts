'use server';

import { containerTaskLog } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '../server';
import { taskLogSchema } from '../schemas';

/** The full log of one PVE task of this container. */
export const containerTaskLogAction = authAction
  .metadata({ name: 'containerTaskLog' })
  .inputSchema(taskLogSchema)
  .action(async ({ parsedInput: { nodeId, vmid, upid }, ctx }) => containerTaskLog(containerDeps(), ctx.user.id, { nodeId, vmid }, upid));

'use server';

import { containerKind, requestOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '../server';
import { powerSchema } from '../schemas';

/** Start, stop, shut down or reboot one container: queues the operation and returns its id at once. */
export const containerPowerAction = authAction
  .metadata({ name: 'containerPower' })
  .inputSchema(powerSchema)
  .action(async ({ parsedInput: { nodeId, vmid, op }, ctx }) => requestOperation(containerDeps(), ctx.actor, containerKind(op), { nodeId, vmid }));

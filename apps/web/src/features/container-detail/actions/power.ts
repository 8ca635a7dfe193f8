'use server';

import { containerKind, requestOperation, vmKind } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '../server';
import { powerSchema, vmPowerSchema } from '../schemas';

/** Start, stop, shut down or reboot one container: queues the operation and returns its id at once. */
export const containerPowerAction = authAction
  .metadata({ name: 'containerPower' })
  .inputSchema(powerSchema)
  .action(async ({ parsedInput: { nodeId, vmid, op }, ctx }) => requestOperation(containerDeps(), ctx.actor, containerKind(op), { nodeId, vmid }));

/** Start, shut down, stop, reboot, reset, pause (suspend) or resume one VM, as an operation. */
export const vmPowerAction = authAction
  .metadata({ name: 'vmPower' })
  .inputSchema(vmPowerSchema)
  .action(async ({ parsedInput: { nodeId, vmid, op }, ctx }) => requestOperation(containerDeps(), ctx.actor, vmKind(op), { nodeId, vmid }));

'use server';

import { authAction } from '@/lib/safe-action';
import { containerActions } from '../server';
import { powerSchema } from '../schemas';

/** Start, stop, shut down or reboot one container; waits for the PVE task and returns its verdict. */
export const containerPowerAction = authAction
  .metadata({ name: 'containerPower' })
  .inputSchema(powerSchema)
  .action(async ({ parsedInput: { nodeId, vmid, op, progressId }, ctx }) =>
    containerActions().run({ id: ctx.user.id, username: ctx.user.username, ip: ctx.ip }, { nodeId, vmid }, op, { progressId }),
  );

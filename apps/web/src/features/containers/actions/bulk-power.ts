'use server';

import { z } from 'zod';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerActions } from '@/features/container-detail/server';

/** Start, stop or shut down the selected rows of the containers table; one outcome per container. */
export const bulkPowerAction = authAction
  .metadata({ name: 'bulkPower' })
  .inputSchema(z.object({ op: z.enum(['start', 'stop', 'shutdown']), targets: z.array(containerRefSchema).min(1).max(100) }))
  .action(async ({ parsedInput: { op, targets }, ctx }) => {
    const seen = new Set<string>();
    const unique = targets.filter((t) => !seen.has(`${t.nodeId}:${t.vmid}`) && seen.add(`${t.nodeId}:${t.vmid}`));
    const outcomes = await containerActions().runMany({ id: ctx.user.id, username: ctx.user.username, ip: ctx.ip }, unique, op);
    return { outcomes };
  });

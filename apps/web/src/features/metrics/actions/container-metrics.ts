'use server';

import { z } from 'zod';
import { TIMEFRAMES, containerMetrics } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';

/** CPU, memory, network and disk history of one container from PVE's rrddata. */
export const containerMetricsAction = authAction
  .metadata({ name: 'containerMetrics' })
  .inputSchema(containerRefSchema.extend({ timeframe: z.enum(TIMEFRAMES) }))
  .action(async ({ parsedInput: { nodeId, vmid, timeframe }, ctx }) => containerMetrics(containerDeps(), ctx.user.id, { nodeId, vmid }, timeframe));

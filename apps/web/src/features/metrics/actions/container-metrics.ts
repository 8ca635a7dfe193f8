'use server';

import { z } from 'zod';
import { TIMEFRAMES, TIMEFRAME_SECONDS, alertPeriods, containerMetrics } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';

/** CPU, memory, network and disk history of one container from PVE's rrddata, with the periods its alerts were open. */
export const containerMetricsAction = authAction
  .metadata({ name: 'containerMetrics' })
  .inputSchema(containerRefSchema.extend({ timeframe: z.enum(TIMEFRAMES) }))
  .action(async ({ parsedInput: { nodeId, vmid, timeframe }, ctx }) => {
    const d = containerDeps();
    const since = new Date(Date.now() - TIMEFRAME_SECONDS[timeframe] * 1000);
    const [metrics, alerts] = await Promise.all([containerMetrics(d, ctx.user.id, { nodeId, vmid }, timeframe), alertPeriods(d.db, ctx.user.id, { nodeId, vmid }, since)]);
    return { ...metrics, alerts };
  });

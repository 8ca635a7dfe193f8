'use server';

import { z } from 'zod';
import { TIMEFRAMES, TIMEFRAME_SECONDS, alertPeriods, nodeMetrics } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';

/** A PVE node's history, asked through one of the user's registered nodes of its cluster, with the periods its alerts were open. */
export const nodeMetricsAction = authAction
  .metadata({ name: 'nodeMetrics' })
  .inputSchema(z.object({ nodeId: z.uuid(), pveNode: z.string().regex(/^[a-zA-Z0-9](?:[a-zA-Z0-9.-]{0,62})$/), timeframe: z.enum(TIMEFRAMES) }))
  .action(async ({ parsedInput: { nodeId, pveNode, timeframe }, ctx }) => {
    const { db } = deps();
    const since = new Date(Date.now() - TIMEFRAME_SECONDS[timeframe] * 1000);
    const [metrics, alerts] = await Promise.all([nodeMetrics(db, ctx.user.id, nodeId, pveNode, timeframe), alertPeriods(db, ctx.user.id, { nodeId, pveNode }, since)]);
    return { ...metrics, alerts };
  });

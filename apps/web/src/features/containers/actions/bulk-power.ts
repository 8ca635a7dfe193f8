'use server';

import { z } from 'zod';
import { BULK_MAX_TARGETS, bulkKind, requestOperation } from '@kiln/services';
import { BULK_POWER_OPS } from '@kiln/services/operations-table';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';

/** Start, stop or shut down the selected rows: one bulk operation (a child per container), queued; returns its id. */
export const bulkPowerAction = authAction
  .metadata({ name: 'bulkPower' })
  .inputSchema(z.object({ op: z.enum(BULK_POWER_OPS), targets: z.array(containerRefSchema).min(1).max(BULK_MAX_TARGETS) }))
  .action(async ({ parsedInput: { op, targets }, ctx }) => requestOperation(containerDeps(), ctx.actor, bulkKind(op), targets));

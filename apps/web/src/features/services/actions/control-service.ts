'use server';

import { z } from 'zod';
import { SERVICE_VERBS, UNIT_NAME_RE, requestServiceOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';

/**
 * systemctl start/stop/restart of one service unit: queues the operation (the worker runs it and
 * records it in the audit log) and returns its id at once; the panel follows it.
 */
export const controlServiceAction = authAction
  .metadata({ name: 'controlService' })
  .inputSchema(containerRefSchema.extend({ unit: z.string().regex(UNIT_NAME_RE, 'Not a service unit name.'), verb: z.enum(SERVICE_VERBS) }))
  .action(async ({ parsedInput: { nodeId, vmid, unit, verb }, ctx }) => requestServiceOperation(containerDeps(), ctx.actor, { nodeId, vmid }, unit, verb));

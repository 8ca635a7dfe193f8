'use server';

import { z } from 'zod';
import { SERVICE_VERBS, UNIT_NAME_RE } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { localContainerServices } from '@/features/container-detail/server';

/** systemctl start/stop/restart of one service unit; recorded in the audit log. */
export const controlServiceAction = authAction
  .metadata({ name: 'controlService' })
  .inputSchema(containerRefSchema.extend({ unit: z.string().regex(UNIT_NAME_RE, 'Not a service unit name.'), verb: z.enum(SERVICE_VERBS) }))
  .action(async ({ parsedInput: { nodeId, vmid, unit, verb }, ctx }) =>
    localContainerServices().control({ id: ctx.user.id, username: ctx.user.username, ip: ctx.ip }, { nodeId, vmid }, unit, verb),
  );

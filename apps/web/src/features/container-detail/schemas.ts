import { z } from 'zod';
import { POWER_OPS, VM_POWER_OPS } from '@kiln/services/operations-table';

/** A container as routes and actions name it: the registered node it is reached through, and its VMID. */
export const containerRefSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
});

export const powerSchema = containerRefSchema.extend({ op: z.enum(POWER_OPS) });

export const vmPowerSchema = containerRefSchema.extend({ op: z.enum(VM_POWER_OPS) });

export const deleteSchema = containerRefSchema.extend({
  /** Stop a running container first (PVE's `force`). */
  force: z.boolean().default(false),
});

export const taskLogSchema = containerRefSchema.extend({ upid: z.string().min(10).max(300) });

export type ContainerRefInput = z.infer<typeof containerRefSchema>;

import { z } from 'zod';

/** "Check now": one container (with its VMID) or every running container of a node (without). */
export const updateCheckSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999).optional(),
});

export const updateStatusSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
});

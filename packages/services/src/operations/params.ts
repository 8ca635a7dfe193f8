import { z } from 'zod';
import type { OperationKind } from './table';

/** A container as operations name it: the registered node it was reached through, and its VMID. */
export const operationTargetSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
});
export type OperationTarget = z.infer<typeof operationTargetSchema>;

const none = z.object({}).strict();

/** What each kind may carry in `params` (validated at request time, stored on the row, never secrets). */
export const OPERATION_PARAMS = {
  'container.start': none,
  'container.stop': none,
  'container.shutdown': none,
  'container.reboot': none,
  /** force: stop a running container first (PVE's `force`). */
  'container.delete': z.object({ force: z.boolean().default(false) }).strict(),
  'bulk.start': none,
  'bulk.stop': none,
  'bulk.shutdown': none,
} as const satisfies Record<OperationKind, z.ZodType>;

export type OperationParams<K extends OperationKind> = z.infer<(typeof OPERATION_PARAMS)[K]>;

/** The most containers one bulk operation may name. */
export const BULK_MAX_TARGETS = 100;

import { z } from 'zod';
import { UNIT_NAME_RE } from '../containers/systemd';
import { snapshotCreateSchema, snapshotNameSchema } from '../schemas/snapshots';
import type { OperationKind } from './table';

/** A container as operations name it: the registered node it was reached through, and its VMID. */
export const operationTargetSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
});
export type OperationTarget = z.infer<typeof operationTargetSchema>;

const none = z.object({}).strict();
/** A plain systemd service name: never an option, a glob or a path (systemd.ts). */
const serviceUnit = z.object({ unit: z.string().regex(UNIT_NAME_RE, 'Not a service unit name.') }).strict();

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
  /** Written by CreationService/CreationActions, never requested through requestOperation. */
  'container.create': z.object({ attempt: z.number().int().min(0), retry: z.boolean(), requestedBy: z.string() }).strict(),
  'service.start': serviceUnit,
  'service.stop': serviceUnit,
  'service.restart': serviceUnit,
  'snapshot.create': snapshotCreateSchema.strict(),
  /** start: boot the container once it is rolled back (PVE's `start`). */
  'snapshot.rollback': z.object({ snapname: snapshotNameSchema, start: z.boolean().default(false) }).strict(),
  'snapshot.delete': z.object({ snapname: snapshotNameSchema }).strict(),
} as const satisfies Record<OperationKind, z.ZodType>;

export type OperationParams<K extends OperationKind> = z.infer<(typeof OPERATION_PARAMS)[K]>;

/** The most containers one bulk operation may name. */
export const BULK_MAX_TARGETS = 100;

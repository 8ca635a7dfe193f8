import { z } from 'zod';
import { UNIT_NAME_RE } from '../containers/systemd';
import { resizeRequestSchema, revertPendingSchema, settingsRequestSchema } from '../schemas/container-settings';
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
  /** Written by CreationActions.discard, never requested through requestOperation. */
  'creation.discard': none,
  'service.start': serviceUnit,
  'service.stop': serviceUnit,
  'service.restart': serviceUnit,
  /** The config digest and the form as loaded (`base`) and as saved (`next`): no secrets in a container's settings. */
  'container.configure': settingsRequestSchema.pick({ digest: true, base: true, next: true }).strict(),
  'container.resize': resizeRequestSchema.pick({ disk: true, sizeGiB: true, digest: true }).strict(),
  'container.revert-pending': revertPendingSchema.pick({ keys: true }).strict(),
} as const satisfies Record<OperationKind, z.ZodType>;

export type OperationParams<K extends OperationKind> = z.infer<(typeof OPERATION_PARAMS)[K]>;

/** The most containers one bulk operation may name. */
export const BULK_MAX_TARGETS = 100;

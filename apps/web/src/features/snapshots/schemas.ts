import { z } from 'zod';
import { snapshotCreateSchema, snapshotDescriptionSchema, snapshotNameSchema } from '@kiln/services/schemas';
import { containerRefSchema } from '@/features/container-detail/schemas';

/** The create form's fields (name checked like PVE's pve-configid, description); the action adds the container. */
export const createSnapshotFormSchema = snapshotCreateSchema;
export type CreateSnapshotForm = z.input<typeof createSnapshotFormSchema>;

export const createSnapshotSchema = containerRefSchema.extend(snapshotCreateSchema.shape);
export const rollbackSnapshotSchema = containerRefSchema.extend({ snapname: snapshotNameSchema, start: z.boolean().default(false) });
export const deleteSnapshotSchema = containerRefSchema.extend({ snapname: snapshotNameSchema });
/** A snapshot's description, edited after it was taken (`PUT .../snapshot/{snapname}/config`). */
export const describeSnapshotFormSchema = z.object({ description: snapshotDescriptionSchema });
export type DescribeSnapshotForm = z.input<typeof describeSnapshotFormSchema>;
export const describeSnapshotSchema = containerRefSchema.extend({ snapname: snapshotNameSchema, description: snapshotDescriptionSchema });

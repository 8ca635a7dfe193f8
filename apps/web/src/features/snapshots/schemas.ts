import { z } from 'zod';
import { snapshotCreateSchema, snapshotDescriptionSchema, snapshotNameSchema } from '@kiln/services/schemas';
import { containerRefSchema } from '@/features/container-detail/schemas';

/** The create form's fields (name checked like PVE's pve-configid, description); the action adds the container. */
export const createSnapshotFormSchema = snapshotCreateSchema;
export type CreateSnapshotForm = z.input<typeof createSnapshotFormSchema>;

/** Which kind of guest the snapshot belongs to: a container (default) or a VM (`qm*` tasks, `vmstate`). */
export const guestTypeSchema = z.enum(['lxc', 'qemu']).default('lxc');
export const guestRefSchema = containerRefSchema.extend({ guest: guestTypeSchema });

export const createSnapshotSchema = guestRefSchema.extend({ ...snapshotCreateSchema.shape, vmstate: z.boolean().default(false) });
export const rollbackSnapshotSchema = guestRefSchema.extend({ snapname: snapshotNameSchema, start: z.boolean().default(false) });
export const deleteSnapshotSchema = guestRefSchema.extend({ snapname: snapshotNameSchema });
/** A snapshot's description, edited after it was taken (`PUT .../snapshot/{snapname}/config`). */
export const describeSnapshotFormSchema = z.object({ description: snapshotDescriptionSchema });
export type DescribeSnapshotForm = z.input<typeof describeSnapshotFormSchema>;
export const describeSnapshotSchema = guestRefSchema.extend({ snapname: snapshotNameSchema, description: snapshotDescriptionSchema });

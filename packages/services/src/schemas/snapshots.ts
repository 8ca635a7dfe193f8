import { z } from 'zod';

/**
 * PVE's `pve-configid` format (`PVE::JSONSchema::pve_verify_configid`: `^[a-z][a-z0-9_-]+$`, case
 * insensitive) with the snapshot name's `maxLength: 40`, plus the names PVE reserves for itself.
 * The form, the server action and the operation's params all use this one schema.
 */
export const SNAPSHOT_NAME_RE = /^[a-z][a-z0-9_-]+$/i;
export const SNAPSHOT_NAME_MAX = 40;
const RESERVED = new Set(['current', 'vzdump']);

export const snapshotNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the snapshot a name.')
  .max(SNAPSHOT_NAME_MAX, `At most ${SNAPSHOT_NAME_MAX} characters.`)
  .regex(SNAPSHOT_NAME_RE, 'Start with a letter; then letters, digits, - or _ (at least 2 characters, no spaces or dots).')
  .refine((n) => !RESERVED.has(n), { message: 'Proxmox VE reserves this name: choose another one.' });

/** PVE keeps the description in the config file; long text is a note, not a document. */
export const snapshotDescriptionSchema = z.string().max(1024, 'At most 1024 characters.');

export const snapshotCreateSchema = z.object({ snapname: snapshotNameSchema, description: snapshotDescriptionSchema.default('') });
export type SnapshotCreateInput = z.input<typeof snapshotCreateSchema>;

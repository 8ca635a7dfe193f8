import { z } from 'zod';
import { BACKUP_COMPRESSIONS, BACKUP_MODES, backupJobIdSchema, backupJobInputSchema, backupVolidSchema, restoreResourcesSchema } from '@kiln/services';

const nodeId = z.uuid('Unknown node.');
const vmid = z.coerce.number().int('Enter a whole number.').min(100, 'VMIDs start at 100.').max(999_999_999, 'At most 999999999.');

export const backupNowSchema = z.object({
  nodeId,
  vmid,
  storage: z.string().min(1, 'Choose a storage.'),
  mode: z.enum(BACKUP_MODES),
  compress: z.enum(BACKUP_COMPRESSIONS),
  notesTemplate: z.string().max(1024, 'At most 1024 characters.').optional(),
  protected: z.boolean().default(false),
  /** A VM's backup (`vzdump` of a qemu guest); containers by default. */
  guest: z.enum(['lxc', 'qemu']).default('lxc'),
});

export const deleteBackupSchema = z.object({ nodeId, volid: backupVolidSchema });

export const restoreBackupSchema = z.object({
  nodeId,
  volid: backupVolidSchema,
  vmid,
  overwrite: z.boolean(),
  storage: z.string().min(1, 'Choose a storage for the root disk.'),
  start: z.boolean().default(false),
  /** New resources for a new VMID (flat, so each error lands next to its field); empty keeps the backup's value. */
  ...restoreResourcesSchema.shape,
});

export const saveBackupJobSchema = z.object({ nodeId, id: backupJobIdSchema.optional(), job: backupJobInputSchema });
export const backupJobActionSchema = z.object({ nodeId, id: backupJobIdSchema, op: z.enum(['delete', 'run']) });
export const refreshBackupsSchema = z.object({ nodeId });
export const backupThresholdSchema = z.object({ days: z.coerce.number().int('Enter whole days.').min(1, 'At least 1 day.').max(365, 'At most 365 days.') });

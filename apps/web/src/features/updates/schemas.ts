import { z } from 'zod';
import {
  BULK_UPDATE_MAX_PER_NODE,
  BULK_UPDATE_WHATS,
  UPDATE_KEEP_DAYS_DEFAULT,
  UPDATE_SAFETY,
  UPDATE_WHATS,
  bulkUpdateOptionsSchema,
  updateRequestSchema,
  type BulkUpdateOptionsInput,
  type UpdateScheduleInput,
} from '@kiln/services/schemas';
import { containerRefSchema } from '@/features/container-detail/schemas';

/** The action's input: the container and the update request (the operation's own params schema). */
export const updateContainerSchema = containerRefSchema.extend({ update: updateRequestSchema });

/**
 * The dialog's fields, flat for the form; `toRequest` turns them into the request. Checked here for
 * the errors next to the fields, and again by the request schema in the action.
 */
export const updateFormSchema = z
  .object({
    what: z.enum(UPDATE_WHATS),
    toTemplateId: z.string(),
    safety: z.enum(UPDATE_SAFETY),
    backupStorage: z.string(),
    force: z.boolean(),
    keepDays: z.coerce.number<string | number>().int('Whole days.').min(1, 'At least 1 day.').max(365, 'At most 365 days.'),
    checkKind: z.enum(['none', 'http', 'tcp']),
    checkPort: z.string(),
    checkPath: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.what === 'template' && !v.toTemplateId) ctx.addIssue({ code: 'custom', path: ['toTemplateId'], message: 'Choose the version to update to.' });
    if (v.safety === 'backup' && !v.backupStorage) ctx.addIssue({ code: 'custom', path: ['backupStorage'], message: 'Choose the storage the backup goes to.' });
    if (v.checkKind !== 'none') {
      const port = Number(v.checkPort);
      if (!/^\d+$/.test(v.checkPort) || port < 1 || port > 65_535) ctx.addIssue({ code: 'custom', path: ['checkPort'], message: 'A port from 1 to 65535.' });
      if (v.checkKind === 'http' && !/^\/[\x21-\x7e]*$/.test(v.checkPath || '/')) ctx.addIssue({ code: 'custom', path: ['checkPath'], message: 'A path starting with / (no spaces).' });
    }
  });
export type UpdateForm = z.input<typeof updateFormSchema>;

export function toRequest(v: z.output<typeof updateFormSchema>): z.input<typeof updateRequestSchema> {
  const port = Number(v.checkPort);
  return {
    what: v.what,
    ...(v.what === 'template' ? { toTemplateId: v.toTemplateId } : {}),
    safety: v.safety,
    ...(v.backupStorage ? { backupStorage: v.backupStorage } : {}),
    force: v.force,
    keepDays: v.keepDays || UPDATE_KEEP_DAYS_DEFAULT,
    ...(v.checkKind === 'http' ? { check: { kind: 'http' as const, port, path: v.checkPath || '/' } } : v.checkKind === 'tcp' ? { check: { kind: 'tcp' as const, port } } : {}),
  };
}

/** "Check now": one container (with its VMID) or every running container of a node (without). */
export const updateCheckSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999).optional(),
});

export const updateStatusSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
});

/**
 * The options a bulk update and a schedule share, flat for the form (`toBulkOptions` makes the
 * request). Checked here for errors next to the fields, and again by the service's schema.
 */
export const bulkOptionsFormSchema = z
  .object({
    what: z.enum(BULK_UPDATE_WHATS),
    safety: z.enum(UPDATE_SAFETY),
    backupStorage: z
      .string()
      .trim()
      .regex(/^$|^[a-z][a-z0-9\-_.]*[a-z0-9]$/i, 'Not a storage name.'),
    perNode: z.coerce.number<string | number>().int('A whole number.').min(1, 'At least 1.').max(BULK_UPDATE_MAX_PER_NODE, `At most ${BULK_UPDATE_MAX_PER_NODE}.`),
    stopAtFirstRollback: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.safety === 'backup' && !v.backupStorage) ctx.addIssue({ code: 'custom', path: ['backupStorage'], message: 'Name the storage the backups go to.' });
  });
export type BulkOptionsForm = z.input<typeof bulkOptionsFormSchema>;

export const BULK_OPTIONS_DEFAULTS: BulkOptionsForm = { what: 'os-security', safety: 'snapshot', backupStorage: '', perNode: 1, stopAtFirstRollback: true };

export function toBulkOptions(v: z.output<typeof bulkOptionsFormSchema>): BulkUpdateOptionsInput {
  return { what: v.what, safety: v.safety, ...(v.backupStorage ? { backupStorage: v.backupStorage } : {}), perNode: v.perNode, stopAtFirstRollback: v.stopAtFirstRollback };
}

/** The bulk update action's input: the selected rows (at most BULK_MAX_TARGETS, checked by the service) and the options (the service's own schema). */
export const bulkUpdateSchema = z.object({ targets: z.array(containerRefSchema).min(1), options: bulkUpdateOptionsSchema });

/** The schedule dialog: where, when, and the bulk options. */
export const scheduleFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the schedule a name.').max(80, 'At most 80 characters.'),
    scope: z.enum(['node', 'tag']),
    nodeId: z.string(),
    tag: z.string().trim(),
    days: z.array(z.string()).min(1, 'Choose at least one day.'),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time like 03:00.'),
    timeZone: z.string().min(1, 'Choose a time zone.'),
    enabled: z.boolean(),
  })
  .and(bulkOptionsFormSchema)
  .superRefine((v, ctx) => {
    if (v.scope === 'node' && !v.nodeId) ctx.addIssue({ code: 'custom', path: ['nodeId'], message: 'Choose a node.' });
    if (v.scope === 'tag' && !v.tag) ctx.addIssue({ code: 'custom', path: ['tag'], message: 'Name a tag.' });
  });
export type ScheduleForm = z.input<typeof scheduleFormSchema>;

export function toScheduleInput(v: z.output<typeof scheduleFormSchema>): UpdateScheduleInput {
  return {
    name: v.name,
    ...(v.scope === 'node' ? { nodeId: v.nodeId } : { tag: v.tag }),
    days: v.days.map(Number),
    time: v.time,
    timeZone: v.timeZone,
    enabled: v.enabled,
    options: toBulkOptions(v),
  };
}

/** The schedule itself is checked by the service (updateScheduleInputSchema), whose field errors land next to the dialog's fields. */
export const saveScheduleSchema = z.object({ id: z.uuid().optional(), schedule: z.record(z.string(), z.unknown()) });
export const scheduleIdSchema = z.object({ id: z.uuid() });

import { z } from 'zod';
import { UPDATE_KEEP_DAYS_DEFAULT, UPDATE_SAFETY, UPDATE_WHATS, updateRequestSchema } from '@kiln/services/schemas';
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

import { z } from 'zod';

/** What an update moves the container to: a newer template version, all OS packages, or only security fixes. */
export const UPDATE_WHATS = ['template', 'os', 'os-security'] as const;
/** The safety net taken before anything changes; `none` must be chosen explicitly. */
export const UPDATE_SAFETY = ['snapshot', 'backup', 'none'] as const;
/** How long Kiln keeps its pre-update snapshot after the update (days). */
export const UPDATE_KEEP_DAYS_DEFAULT = 7;
/** The prefix of every snapshot Kiln takes before an update: the cleanup deletes these and nothing else. */
export const PRE_UPDATE_SNAPSHOT_PREFIX = 'kiln-pre-update-';

const storageId = z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i, 'Not a storage name.');

/** An extra check after the update, run inside the container: a TCP port answers, or an HTTP path gives 2xx/3xx. */
export const updateCheckSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tcp'), port: z.number().int().min(1, 'A port from 1 to 65535.').max(65_535, 'A port from 1 to 65535.') }).strict(),
  z
    .object({
      kind: z.literal('http'),
      port: z.number().int().min(1, 'A port from 1 to 65535.').max(65_535, 'A port from 1 to 65535.'),
      path: z
        .string()
        .max(512, 'At most 512 characters.')
        .regex(/^\/[\x21-\x7e]*$/, 'A path starting with / (no spaces).')
        .default('/'),
    })
    .strict(),
]);
export type UpdateCheck = z.infer<typeof updateCheckSchema>;

/**
 * The request of a `container.update` (the form, the server action and the operation's params).
 * A snapshot needs a storage that can snapshot; where it cannot, `backupStorage` is where the
 * vzdump goes instead (and `backup` always needs it).
 */
export const updateRequestSchema = z
  .object({
    what: z.enum(UPDATE_WHATS),
    /** The template version to move to (`template` only): a row of the same template, newer than the container's. */
    toTemplateId: z.uuid().optional(),
    safety: z.enum(UPDATE_SAFETY, { error: 'Choose a safety net, or "none" explicitly.' }),
    backupStorage: storageId.optional(),
    /** Run even when the healthcheck fails before the update. */
    force: z.boolean().default(false),
    check: updateCheckSchema.optional(),
    keepDays: z.number().int().min(1, 'At least 1 day.').max(365, 'At most 365 days.').default(UPDATE_KEEP_DAYS_DEFAULT),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.what === 'template' && !v.toTemplateId) ctx.addIssue({ code: 'custom', path: ['toTemplateId'], message: 'Choose the version to update to.' });
    if (v.what !== 'template' && v.toTemplateId) ctx.addIssue({ code: 'custom', path: ['toTemplateId'], message: 'Only a template update moves to a template version.' });
    if (v.safety === 'backup' && !v.backupStorage) ctx.addIssue({ code: 'custom', path: ['backupStorage'], message: 'Choose the storage the backup goes to.' });
  });
export type UpdateRequest = z.infer<typeof updateRequestSchema>;
export type UpdateRequestInput = z.input<typeof updateRequestSchema>;

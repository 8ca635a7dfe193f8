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

// ---- bulk and scheduled updates ----

/** The OS updates a bulk run or a schedule applies (template updates go one container at a time: each has its own version). */
export const BULK_UPDATE_WHATS = ['os', 'os-security'] as const;
/** Containers updated at once per PVE node in one bulk run (1 = one after the other). */
export const BULK_UPDATE_MAX_PER_NODE = 4;

/**
 * Options of a bulk update (the table's selection or a schedule): every container gets the same
 * `container.update` request; `perNode` caps how many run at once on one PVE node, and
 * `stopAtFirstRollback` cancels the rest of the batch as soon as one update had to be rolled back.
 */
export const bulkUpdateOptionsSchema = z
  .object({
    what: z.enum(BULK_UPDATE_WHATS, { error: 'Choose all OS packages or security updates only.' }),
    safety: z.enum(UPDATE_SAFETY, { error: 'Choose a safety net, or "none" explicitly.' }),
    backupStorage: storageId.optional(),
    keepDays: z.number().int().min(1, 'At least 1 day.').max(365, 'At most 365 days.').default(UPDATE_KEEP_DAYS_DEFAULT),
    perNode: z.number().int().min(1, 'At least 1.').max(BULK_UPDATE_MAX_PER_NODE, `At most ${BULK_UPDATE_MAX_PER_NODE}.`).default(1),
    stopAtFirstRollback: z.boolean().default(true),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.safety === 'backup' && !v.backupStorage) ctx.addIssue({ code: 'custom', path: ['backupStorage'], message: 'Choose the storage the backup goes to.' });
  });
export type BulkUpdateOptions = z.infer<typeof bulkUpdateOptionsSchema>;
export type BulkUpdateOptionsInput = z.input<typeof bulkUpdateOptionsSchema>;

/** The params of a `bulk.update` parent: the options, and the schedule that started it (if any). */
export const bulkUpdateParamsSchema = z
  .object({
    options: bulkUpdateOptionsSchema,
    scheduleId: z.uuid().optional(),
  })
  .strict();

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** An update schedule as the form sends it: which containers (a node, or a tag), when (weekdays + local time), and how. */
export const updateScheduleInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the schedule a name.').max(80, 'At most 80 characters.'),
    nodeId: z.uuid('Choose a node.').optional(),
    tag: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_][a-z0-9_\-+.]{0,63}$/, 'A Proxmox VE tag: letters, digits, - _ + . (up to 64).')
      .optional(),
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1, 'Choose at least one day.')
      .max(7)
      .transform((d) => [...new Set(d)].sort((a, b) => a - b)),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time like 03:00.'),
    timeZone: z.string().max(64).refine(isTimeZone, 'Not a time zone this server knows.'),
    options: bulkUpdateOptionsSchema,
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.nodeId === !v.tag) ctx.addIssue({ code: 'custom', path: ['nodeId'], message: 'Choose a node or a tag (one of them).' });
  });
export type UpdateScheduleInput = z.input<typeof updateScheduleInputSchema>;
export type UpdateScheduleValues = z.output<typeof updateScheduleInputSchema>;

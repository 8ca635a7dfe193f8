import { z } from 'zod';

/**
 * Adopting a container Kiln did not create. The dialog's form, the server actions and the
 * operation's params share these shapes (browser-safe: no runtime imports besides zod).
 */

/** The template version to link (a template row the user can see), or null: adopted without a template. */
export const adoptTemplateSchema = z.uuid('Choose a template version, or “No template”.').nullable().default(null);

/** `container.adopt` params: never secrets. */
export const adoptParamsSchema = z
  .object({
    templateId: adoptTemplateSchema,
    /**
     * The config digest Kiln saw when the user asked: the worker refuses if the config moved since
     * (what it records must be what the user adopted). Absent for a bulk adoption's children, which
     * take the config the worker reads.
     */
    digest: z.string().min(1).max(64).optional(),
  })
  .strict();
export type AdoptParams = z.infer<typeof adoptParamsSchema>;

export const adoptRequestSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
  templateId: adoptTemplateSchema,
});
export type AdoptRequest = z.input<typeof adoptRequestSchema>;

import { z } from 'zod';
import { adoptRequestSchema } from '@kiln/services/schemas';

/** The Adopt action's input: the container and the template version to link (null: none). */
export const adoptSchema = adoptRequestSchema;

/**
 * The dialog's fields: a template (its slug and origin, "" for no template) and one of its versions.
 * A chosen template needs a version; `toTemplateId` turns the fields into the request's value.
 */
export const adoptFormSchema = z
  .object({ family: z.string(), templateId: z.string() })
  .refine((v) => v.family === '' || v.templateId !== '', { path: ['templateId'], message: 'Choose a version of the template.' });
export type AdoptForm = z.infer<typeof adoptFormSchema>;

export const toTemplateId = (v: AdoptForm): string | null => (v.family === '' ? null : v.templateId);

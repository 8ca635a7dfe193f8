/** The template document: `apiVersion: kiln/v1`, written in YAML or JSON. */
import type { z } from 'zod';
import { checkTemplate } from './checks';
import { osSchema, templateObjectSchema } from './shape';

export { TEMPLATE_API_VERSION, osSchema, templateObjectSchema } from './shape';

/** The full schema: shape plus cross-field checks (references, secrets, uniqueness). */
export const templateSchema = templateObjectSchema.superRefine(checkTemplate);

export type Template = z.infer<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;
export type OsSpec = z.infer<typeof osSchema>;

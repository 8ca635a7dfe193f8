import { z } from 'zod';
import { MAX_TEMPLATE_BYTES } from '@kiln/core/templates';

export const templateIdSchema = z.object({ templateId: z.uuid() });

/** The document is validated by the template schema itself (with exact paths), not here. */
export const saveTemplateSchema = z.object({
  templateId: z.uuid().optional(),
  document: z.record(z.string(), z.unknown()),
});
export type SaveTemplateInput = z.infer<typeof saveTemplateSchema>;

export const importTemplateSchema = z.object({
  text: z
    .string()
    .min(1, 'Paste a template or choose a file.')
    .max(MAX_TEMPLATE_BYTES, `A template file is at most ${MAX_TEMPLATE_BYTES / 1024} KiB.`),
  format: z.enum(['auto', 'yaml', 'json']).default('auto'),
  /** "Import as": replaces the document's slug or version when they clash with one of yours. */
  slug: z.string().max(63).optional(),
  version: z.string().max(64).optional(),
});
export type ImportTemplateInput = z.input<typeof importTemplateSchema>;

export const cloneTemplateSchema = z.object({
  templateId: z.uuid(),
  slug: z.string().trim().max(63).optional(),
  name: z.string().trim().max(80).optional(),
  version: z.enum(['keep', 'reset']),
});
export type CloneTemplateInput = z.infer<typeof cloneTemplateSchema>;

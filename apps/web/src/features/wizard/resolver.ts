import type { FieldErrors, Resolver } from 'react-hook-form';
import { paramsSchema } from '@kiln/core/templates';
import { createContainerSchema, type CreateContainerInput } from '@kiln/services/schemas';
import type { WizardTemplate } from './queries';

function setPath(target: Record<string, unknown>, path: (string | number | symbol)[], message: string) {
  let cur = target;
  path.forEach((seg, i) => {
    const key = String(seg);
    if (i === path.length - 1) {
      cur[key] ??= { type: 'validation', message };
    } else {
      cur[key] ??= {};
      cur = cur[key] as Record<string, unknown>;
    }
  });
}

/**
 * The wizard validates with the same schema as the server action, plus the chosen template's
 * own params schema for the params step.
 */
export function wizardResolver(template: () => WizardTemplate | undefined): Resolver<CreateContainerInput> {
  return async (values) => {
    const errors: Record<string, unknown> = {};
    const base = createContainerSchema.safeParse(values);
    if (!base.success) for (const i of base.error.issues) setPath(errors, i.path, i.message);
    const t = template();
    if (t) {
      const p = paramsSchema(t).safeParse(values.params ?? {});
      if (!p.success) for (const i of p.error.issues) setPath(errors, ['params', ...i.path], i.message);
    }
    if (Object.keys(errors).length > 0) return { values: {}, errors: errors as FieldErrors<CreateContainerInput> };
    return { values, errors: {} };
  };
}

import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

/**
 * Puts a safe-action result's errors next to their fields: zod validation errors and the
 * field errors an AppError carries. Returns the message for the whole form, if any.
 */
export function applyActionErrors<T extends FieldValues>(
  result: { validationErrors?: unknown; serverError?: { message: string; fieldErrors?: Record<string, string> } } | undefined,
  setError: UseFormSetError<T>,
): string | undefined {
  if (!result) return undefined;
  const v = result.validationErrors as { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | undefined;
  for (const [field, messages] of Object.entries(v?.fieldErrors ?? {})) {
    if (messages?.[0]) setError(field as Path<T>, { type: 'server', message: messages[0] });
  }
  for (const [field, message] of Object.entries(result.serverError?.fieldErrors ?? {})) {
    setError(field as Path<T>, { type: 'server', message });
  }
  if (result.serverError && !result.serverError.fieldErrors) return result.serverError.message;
  return v?.formErrors?.[0];
}

/** One message for a dialog with a single field: that field's error, else the action's message. */
export function firstActionError(result: { validationErrors?: unknown; serverError?: { message: string; fieldErrors?: Record<string, string> } } | undefined): string | undefined {
  if (!result) return undefined;
  const v = result.validationErrors as { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | undefined;
  const field = Object.values(result.serverError?.fieldErrors ?? {})[0] ?? Object.values(v?.fieldErrors ?? {}).find((m) => m?.[0])?.[0];
  return field ?? result.serverError?.message ?? v?.formErrors?.[0];
}

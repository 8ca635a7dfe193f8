'use client';

import { useState } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { applyActionErrors } from './action-errors';

type ActionResultLike = Parameters<typeof applyActionErrors>[0] & { data?: unknown };

/**
 * Open state, form error and submit handler of a dialog form: on success the form resets and
 * the dialog closes; otherwise errors go next to their fields or above the form.
 */
export function useDialogForm<T extends FieldValues>(form: UseFormReturn<T>, run: (values: T) => Promise<ActionResultLike>) {
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await run(values);
    if (result?.data) {
      form.reset();
      setOpen(false);
      return;
    }
    setFormError(applyActionErrors(result, form.setError));
  });
  return { open, setOpen, formError, onSubmit };
}

'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { InlineError } from '@/components/ui/inline-error';
import { firstActionError } from '@/lib/action-errors';
import { useDialogForm } from '@/lib/use-dialog-form';
import { acknowledgeAlertAction, snoozeAlertAction } from '../actions/alert-actions';

/** Acknowledge with an optional note (what you are doing about it). */
export function AcknowledgeButton({ id, title }: { id: string; title: string }) {
  const form = useForm<{ note: string }>({ defaultValues: { note: '' } });
  const { executeAsync, isPending } = useAction(acknowledgeAlertAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, (v) => executeAsync({ id, note: v.note }));
  return (
    <FormDialog open={open} onOpenChange={setOpen} trigger="Acknowledge" triggerClassName="btn-secondary" title="Acknowledge alert" description={title}>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id={`ack-${id}`} label="Note (optional)" error={form.formState.errors.note?.message} hint="Who is on it, or why it can wait.">
          <textarea id={`ack-${id}`} className="input min-h-20" maxLength={500} {...form.register('note')} />
        </FormField>
        <FormDialogButtons busy={isPending} label="Acknowledge" busyLabel="Acknowledging…" />
      </form>
    </FormDialog>
  );
}

const SNOOZES = [
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 1440, label: '1 day' },
];

/** Mutes this alert's notifications (its resolution or a reopening) for a while. */
export function SnoozeButtons({ id }: { id: string }) {
  const { executeAsync, isPending } = useAction(snoozeAlertAction);
  const [error, setError] = useState<string>();
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <label className="sr-only" htmlFor={`snooze-${id}`}>
        Snooze
      </label>
      <select
        id={`snooze-${id}`}
        className="input w-auto py-1 text-sm"
        disabled={isPending}
        defaultValue=""
        onChange={async (e) => {
          const minutes = Number(e.target.value);
          e.target.value = '';
          if (!minutes) return;
          setError(undefined);
          const problem = firstActionError(await executeAsync({ id, minutes }));
          if (problem) setError(problem);
        }}
      >
        <option value="">Snooze…</option>
        {SNOOZES.map((s) => (
          <option key={s.minutes} value={s.minutes}>
            {s.label}
          </option>
        ))}
      </select>
      <InlineError message={error} />
    </span>
  );
}

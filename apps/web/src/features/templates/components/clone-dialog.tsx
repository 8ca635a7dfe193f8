'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { cloneTemplateAction } from '../actions/clone-template';
import { cloneTemplateSchema, type CloneTemplateInput } from '../schemas';

export interface CloneDialogProps {
  templateId: string;
  name: string;
  version: string;
  /** Free `-copy` slugs for keeping the version or starting at 1.0.0. */
  suggestions: { keep: string; reset: string };
}

/** Makes an editable copy owned by the user, then opens it in the editor. */
export function CloneDialog({ templateId, name, version, suggestions }: CloneDialogProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const { executeAsync, isPending } = useAction(cloneTemplateAction);
  const { register, handleSubmit, setError, setValue, getFieldState, formState, reset } = useForm<CloneTemplateInput>({
    resolver: zodResolver(cloneTemplateSchema),
    defaultValues: { templateId, slug: suggestions.keep, name: `${name} (copy)`.slice(0, 80), version: 'keep' },
  });
  const { errors } = formState;

  async function submit(values: CloneTemplateInput) {
    setFormError(undefined);
    const r = await executeAsync(values);
    if (r?.data) {
      setOpen(false);
      router.push(`/templates/${r.data.id}/edit`);
      return;
    }
    setFormError(applyActionErrors(r, setError) ?? (r?.serverError?.fieldErrors ? undefined : 'The template was not cloned.'));
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          reset();
          setFormError(undefined);
        }
      }}
    >
      <Dialog.Trigger className="btn-secondary">Clone</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="card fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto p-6">
          <Dialog.Title className="text-lg font-semibold">Clone {name}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The copy is yours to edit. The original stays as it is.</Dialog.Description>
          <form onSubmit={handleSubmit(submit)} noValidate className="mt-4 space-y-4" aria-label="Clone template">
            <FormAlert message={formError} />
            <FormField id="clone-name" label="Name" error={errors.name?.message}>
              <input id="clone-name" className="input" aria-invalid={!!errors.name} {...register('name')} />
            </FormField>
            <FormField id="clone-slug" label="Slug" error={errors.slug?.message} hint="kebab-case, unique among your templates at this version.">
              <input id="clone-slug" className="input font-mono" autoComplete="off" aria-invalid={!!errors.slug} {...register('slug')} />
            </FormField>
            <fieldset>
              <legend className="label">Version</legend>
              <div className="space-y-1 text-sm">
                {(['keep', 'reset'] as const).map((v) => (
                  <label key={v} className="flex items-center gap-2">
                    <input
                      type="radio"
                      value={v}
                      {...register('version', {
                        // Follow the free slug for the chosen version, unless the user typed their own.
                        onChange: () => {
                          if (!getFieldState('slug').isDirty) setValue('slug', suggestions[v]);
                        },
                      })}
                    />
                    {v === 'keep' ? `Keep ${version}` : 'Start at 1.0.0'}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="flex justify-end gap-2">
              <Dialog.Close className="btn-secondary" type="button">
                Cancel
              </Dialog.Close>
              <button type="submit" className="btn-primary" disabled={isPending}>
                {isPending ? 'Cloning…' : 'Clone and edit'}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

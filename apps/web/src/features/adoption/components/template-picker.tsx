'use client';

import { useEffect, useMemo, useRef } from 'react';
import { useAction } from 'next-safe-action/hooks';
import type { UseFormReturn } from 'react-hook-form';
import type { AdoptTemplateChoice } from '@kiln/services';
import { FormField } from '@/components/form-field';
import { adoptTemplateChoicesAction } from '../actions/template-choices';
import type { AdoptForm } from '../schemas';

interface Family {
  key: string;
  label: string;
  /** Newest first. */
  versions: AdoptTemplateChoice[];
}

/** One entry per template (slug and origin: a built-in and your own copy are two), its versions newest first. */
function familiesOf(choices: AdoptTemplateChoice[]): Family[] {
  const out = new Map<string, Family>();
  for (const c of choices) {
    const key = `${c.slug}|${c.origin}`;
    const f = out.get(key) ?? { key, label: `${c.name} (${c.origin})`, versions: [] };
    f.versions.push(c);
    out.set(key, f);
  }
  return [...out.values()];
}

/**
 * Template and version of an adoption, loaded when the dialog opens: "No template", or a template
 * the user can see and one of its versions (the newest preselected).
 */
export function TemplatePicker({ form, idPrefix }: { form: UseFormReturn<AdoptForm>; idPrefix: string }) {
  const load = useAction(adoptTemplateChoicesAction);
  const { execute } = load;
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    execute();
  }, [execute]);
  const families = useMemo(() => familiesOf(load.result.data?.choices ?? []), [load.result.data]);
  const family = form.watch('family');
  const chosen = families.find((f) => f.key === family);
  const { errors } = form.formState;
  const loadError = load.result.serverError?.message ?? (load.hasErrored ? 'Kiln could not load the templates.' : undefined);
  return (
    <div className="space-y-4">
      <FormField id={`${idPrefix}-family`} label="Template" hint="Link the template the container was made from, so it gets that template’s updates; or adopt it without one.">
        <select
          id={`${idPrefix}-family`}
          className="input"
          {...form.register('family', {
            onChange: (e: { target: { value: string } }) => {
              const f = families.find((x) => x.key === e.target.value);
              form.setValue('templateId', f?.versions[0]?.id ?? '');
            },
          })}
        >
          <option value="">No template</option>
          {families.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      </FormField>
      {load.isPending ? (
        <p role="status" className="text-sm text-zinc-500">
          Loading templates…
        </p>
      ) : null}
      {loadError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {loadError}{' '}
          <button type="button" className="underline" onClick={() => execute()}>
            Try again
          </button>
        </p>
      ) : null}
      {chosen ? (
        <FormField id={`${idPrefix}-version`} label="Version" error={errors.templateId?.message}>
          <select id={`${idPrefix}-version`} className="input font-mono" aria-invalid={!!errors.templateId} {...form.register('templateId')}>
            {chosen.versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.version}
              </option>
            ))}
          </select>
        </FormField>
      ) : null}
    </div>
  );
}

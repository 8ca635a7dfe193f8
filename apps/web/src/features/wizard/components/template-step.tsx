'use client';

import { useMemo, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { CreateContainerInput } from '@kiln/services/schemas';
import { TemplateIcon } from '@/features/templates/components/template-icon';
import { cn } from '@/lib/cn';
import type { WizardChoice } from '../queries';

/** Cards shown at once: a thousand buttons is a page nobody scrolls; the search narrows it. */
const SHOWN = 30;

const memory = (mib: number) => (mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);

function summary(t: WizardChoice): string {
  return [t.os, t.cores !== null ? `${t.cores} core${t.cores === 1 ? '' : 's'}` : null, t.memory !== null ? memory(t.memory) : null, t.disk !== null ? `${t.disk} GiB` : null]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The template step: the light list (name, version, defaults), searched in the browser. Picking
 * one loads that template's form data from the server (`loading` is its id meanwhile).
 */
export function TemplateStep({ form, templates, loading, onPick }: { form: UseFormReturn<CreateContainerInput>; templates: WizardChoice[]; loading?: string; onPick: (t: WizardChoice) => void }) {
  const selected = form.watch('templateId');
  const [q, setQ] = useState('');
  const matches = useMemo(() => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return templates;
    return templates.filter((t) => {
      const hay = `${t.name}\n${t.slug}\n${t.description}\n${t.source ?? ''}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [q, templates]);
  // The chosen one stays in view even when the search would page it out.
  const chosen = matches.find((t) => t.id === selected);
  const shown = matches.slice(0, SHOWN);
  if (chosen && !shown.includes(chosen)) shown.unshift(chosen);
  const error = (form.formState.errors.templateId as { message?: string } | undefined)?.message;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="wizard-template-search" className="sr-only">
          Search templates
        </label>
        <input id="wizard-template-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={`Search ${templates.length} templates`} className="input w-full sm:max-w-sm" />
        <p className="text-xs text-zinc-500" aria-live="polite" data-testid="template-matches">
          {matches.length > shown.length ? `Showing ${shown.length} of ${matches.length}: type to narrow.` : `${matches.length} template${matches.length === 1 ? '' : 's'}`}
        </p>
      </div>
      {matches.length === 0 ? <p className="text-sm text-zinc-500">No template matches “{q}”.</p> : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" role="radiogroup" aria-label="Template" aria-busy={loading ? true : undefined}>
        {shown.map((t) => (
          <button
            type="button"
            role="radio"
            aria-checked={selected === t.id}
            key={t.id}
            disabled={loading !== undefined}
            onClick={() => onPick(t)}
            className={cn('card p-4 text-left transition-colors hover:border-kiln-400 disabled:cursor-wait', selected === t.id && 'border-kiln-500 ring-2 ring-kiln-500/30')}
          >
            <div className="flex items-center gap-2">
              <TemplateIcon icon={t.icon} name={t.name} className="h-8 w-8 text-base" />
              <span className="font-semibold">{t.name}</span>
              <span className="ml-auto text-xs text-zinc-500">{loading === t.id ? 'Loading…' : `v${t.version}`}</span>
            </div>
            <p className="mt-1 line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{t.description}</p>
            <p className="mt-1 text-xs text-zinc-500">{summary(t)}</p>
            {t.builtin ? null : <span className="mt-2 inline-block rounded bg-zinc-100 px-1.5 text-xs dark:bg-zinc-800">{t.source ?? 'mine'}</span>}
          </button>
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

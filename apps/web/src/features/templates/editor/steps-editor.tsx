'use client';

import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { STEP_TYPES, type StepType } from '@kiln/core/templates';
import { Checkbox, Field, FieldIssues, Group, Select, TextArea, TextInput } from './fields';
import { emptyStep, STEP_DEFAULTS, type TemplateForm } from './form-model';
import { ItemControls } from './item-controls';

type ListName = 'steps' | 'update';

const TYPE_LABELS: Record<StepType, string> = { script: 'Script', packages: 'Packages', file: 'File', service: 'Service' };

function StepFields({ list, i }: { list: ListName; i: number }) {
  const { control, setValue } = useFormContext<TemplateForm>();
  const type = useWatch({ control, name: `${list}.${i}.type` });
  const s = `${list}.${i}` as const;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-[1fr_9rem_1fr]">
        <Field name={`${s}.id`} label="Id" hint="Unique, e.g. install-nginx.">
          <TextInput name={`${s}.id`} className="font-mono" />
        </Field>
        <Field name={`${s}.type`} label="Type">
          <Select name={`${s}.type`} options={STEP_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} onChange={(v) => setValue(`${s}.retry`, STEP_DEFAULTS[v as StepType].retry)} />
        </Field>
        <Field name={`${s}.title`} label="Title" hint="Shown in the progress list.">
          <TextInput name={`${s}.title`} />
        </Field>
      </div>

      {type === 'script' ? (
        <>
          <Field name={`${s}.run`} label="Script" hint="Sent on stdin and run with set -euo pipefail (bash) or set -eu (sh).">
            <TextArea name={`${s}.run`} rows={8} mono placeholder={'apt-get install -y curl\necho done'} />
          </Field>
          <Field name={`${s}.shell`} label="Shell" className="max-w-40">
            <Select name={`${s}.shell`} options={['bash', 'sh']} />
          </Field>
        </>
      ) : null}
      {type === 'packages' ? (
        <Field name={`${s}.packages`} label="Packages" hint="Debian package names separated by spaces; installed with apt-get.">
          <TextInput name={`${s}.packages`} className="font-mono" placeholder="nginx curl" />
        </Field>
      ) : null}
      {type === 'file' ? (
        <>
          <div className="grid gap-3 sm:grid-cols-[1fr_7rem_10rem]">
            <Field name={`${s}.path`} label="Path">
              <TextInput name={`${s}.path`} className="font-mono" placeholder="/etc/app/config.toml" />
            </Field>
            <Field name={`${s}.mode`} label="Mode">
              <TextInput name={`${s}.mode`} className="font-mono" placeholder="0644" />
            </Field>
            <Field name={`${s}.owner`} label="Owner">
              <TextInput name={`${s}.owner`} className="font-mono" placeholder="root:root" />
            </Field>
          </div>
          <Field name={`${s}.content`} label="Content" hint="Sent on stdin and written atomically. A file with a secret needs mode 0600 or 0640.">
            <TextArea name={`${s}.content`} rows={8} mono />
          </Field>
        </>
      ) : null}
      {type === 'service' ? (
        <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          <Field name={`${s}.name`} label="Service (systemd unit)">
            <TextInput name={`${s}.name`} className="font-mono" placeholder="nginx" />
          </Field>
          <div className="flex flex-wrap gap-4 pb-2">
            <Checkbox name={`${s}.enable`} label="Enable at boot" />
            <Checkbox name={`${s}.start`} label="Start" />
            <Checkbox name={`${s}.restart`} label="Restart" />
          </div>
        </div>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-[10rem_1fr] sm:items-end">
        <Field name={`${s}.timeout`} label="Timeout (s)" hint={`Blank: ${STEP_DEFAULTS[type ?? 'script'].timeout} s`}>
          <TextInput name={`${s}.timeout`} inputMode="numeric" />
        </Field>
        <div className="pb-1">
          <Checkbox name={`${s}.retry`} label="May be retried" hint={type === 'script' ? 'Only if running it twice is harmless.' : 'Safe for this step type.'} />
        </div>
      </div>
    </div>
  );
}

function nextId(type: StepType, taken: string[]): string {
  const base = { script: 'script', packages: 'install', file: 'file', service: 'service' }[type];
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken.includes(id)) return id;
  }
}

/** Ordered steps of each type: add, remove, reorder. */
export function StepsEditor({ list, title, description }: { list: ListName; title: string; description: string }) {
  const { control, getValues } = useFormContext<TemplateForm>();
  const { fields, append, remove, move } = useFieldArray({ control, name: list, keyName: '_key' });
  const add = (type: StepType) =>
    append(
      emptyStep(
        type,
        nextId(
          type,
          getValues(list).map((s) => s.id),
        ),
      ),
    );
  return (
    <Group id={`tpl-${list}`} title={title} description={description}>
      <FieldIssues name={list} />
      {fields.length === 0 ? <p className="text-sm text-zinc-500">No steps.</p> : null}
      <ol className="space-y-3">
        {fields.map((f, i) => (
          <li key={f._key} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-step-index={i}>
            <div className="mb-2 flex items-center justify-between gap-2">
              <span className="text-sm font-medium text-zinc-500">Step {i + 1}</span>
              <ItemControls label={`step ${i + 1}`} index={i} count={fields.length} onMove={move} onRemove={() => remove(i)} />
            </div>
            <StepFields list={list} i={i} />
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2" role="group" aria-label={`Add to ${title.toLowerCase()}`}>
        {STEP_TYPES.map((t) => (
          <button key={t} type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => add(t)}>
            + {TYPE_LABELS[t]} step
          </button>
        ))}
      </div>
    </Group>
  );
}

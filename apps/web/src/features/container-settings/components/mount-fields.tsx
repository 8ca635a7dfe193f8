'use client';

import { useState } from 'react';
import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import type { ContainerSettingsView } from '@kiln/services';
import type { SettingsInput, SettingsValues } from '@kiln/services/schemas';
import { FormField } from '@/components/form-field';
import { formatBytes } from '@/lib/format';

type Form = UseFormReturn<SettingsInput, unknown, SettingsValues>;
type Err = { message?: string } | undefined;
const BIND = '__bind__';

/**
 * New mount points: a volume Proxmox VE allocates on one of the node's storages, or a bind mount of
 * a host directory (root only: Kiln runs `pct set` over SSH). Existing ones are listed under Disks.
 */
export function MountFields({ form, view, disabled, serverError }: { form: Form; view: ContainerSettingsView; disabled: boolean; serverError?: string }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'mounts' });
  const existing = new Set(view.values.mounts.map((m) => m.index));
  const mounts = form.watch('mounts') ?? [];
  const errors = (form.formState.errors.mounts ?? []) as unknown as Record<string, Err>[];

  function add() {
    const used = new Set(mounts.map((m) => m.index));
    let index = 0;
    while (used.has(index)) index++;
    const storage = view.storages[0]?.storage;
    append({ index, volume: storage ? `${storage}:8` : '', mp: `/mnt/data${index}`, backup: true });
  }

  return (
    <div className="space-y-3">
      {fields.map((f, i) => (existing.has(f.index) ? null : <NewMount key={f.id} form={form} i={i} view={view} error={errors[i]} onRemove={() => remove(i)} disabled={disabled} />))}
      {serverError ? (
        <p role="alert" className="field-error">
          {serverError}
        </p>
      ) : null}
      <button type="button" className="btn-secondary px-3 py-1.5 text-sm" disabled={disabled} onClick={add}>
        Add a mount point
      </button>
    </div>
  );
}

function NewMount({ form, i, view, error, onRemove, disabled }: { form: Form; i: number; view: ContainerSettingsView; error?: Record<string, Err>; onRemove: () => void; disabled: boolean }) {
  const p = `mounts.${i}` as const;
  const initial = form.getValues(`${p}.volume`) ?? '';
  const [source, setSource] = useState(initial.startsWith('/') ? BIND : (initial.split(':')[0] ?? ''));
  const [amount, setAmount] = useState(initial.startsWith('/') ? initial : (initial.split(':')[1] ?? '8'));
  const index = form.watch(`${p}.index`);

  function compose(nextSource: string, nextAmount: string) {
    setSource(nextSource);
    setAmount(nextAmount);
    form.setValue(`${p}.volume`, nextSource === BIND ? nextAmount : `${nextSource}:${nextAmount}`, { shouldDirty: true, shouldValidate: true });
  }

  const bind = source === BIND;
  const sizeError = bind
    ? view.sshReady
      ? undefined
      : `Only root can add a bind mount: Kiln runs pct set over SSH, and SSH to ${view.pveNode} is not set up (Settings → Nodes).`
    : !/^\d+(\.\d+)?$/.test(amount)
      ? 'Enter the size in GiB, like 8.'
      : undefined;
  return (
    <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`new-mount-${index}`}>
      <legend className="px-1 text-sm font-medium">New mount point mp{index}</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField id={`${p}.source`} label="Where">
          <select id={`${p}.source`} className="input" value={source} onChange={(e) => compose(e.target.value, e.target.value === BIND ? '/srv/' : '8')}>
            {view.storages.map((s) => (
              <option key={s.storage} value={s.storage}>
                New volume on {s.storage}
                {s.avail !== null ? ` (${formatBytes(s.avail)} free)` : ''}
              </option>
            ))}
            <option value={BIND}>Host directory (bind mount, needs root over SSH)</option>
          </select>
        </FormField>
        <FormField id={`${p}.amount`} label={bind ? 'Host path' : 'Size (GiB)'} error={sizeError ?? error?.['volume']?.message}>
          <input id={`${p}.amount`} className="input" inputMode={bind ? 'text' : 'decimal'} value={amount} onChange={(e) => compose(source, e.target.value)} />
        </FormField>
        <FormField id={`${p}.mp`} label="Path in the container" error={error?.['mp']?.message}>
          <input id={`${p}.mp`} className="input" placeholder="/data" {...form.register(`${p}.mp`)} />
        </FormField>
      </div>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        {!bind ? (
          <label className="flex items-center gap-2">
            <input type="checkbox" {...form.register(`${p}.backup`)} /> Include in backups
          </label>
        ) : null}
        <label className="flex items-center gap-2">
          <input type="checkbox" {...form.register(`${p}.ro`)} /> Read-only
        </label>
        <button type="button" className="btn-secondary ml-auto px-3 py-1.5 text-sm" disabled={disabled} onClick={onRemove}>
          Do not add
        </button>
      </div>
    </fieldset>
  );
}

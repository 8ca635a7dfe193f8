'use client';

import { useState } from 'react';
import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import type { ContainerSettingsView } from '@kiln/services';
import type { SettingsInput, SettingsValues } from '@kiln/services/schemas';
import { FormField } from '@/components/form-field';
import { formatBytes } from '@/lib/format';
import { withInitial } from './initial';

type Form = UseFormReturn<SettingsInput, unknown, SettingsValues>;
type Err = { message?: string } | undefined;
const BIND = '__bind__';

/**
 * Mount points: the existing ones (path and options change, Remove detaches them), and new ones: a
 * volume Proxmox VE allocates on one of the node's storages, or a bind mount of a host directory
 * (root only: Kiln runs `pct set` over SSH). Sizes grow under Disks.
 */
export function MountFields({ form, view, disabled, serverError }: { form: Form; view: ContainerSettingsView; disabled: boolean; serverError?: string }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'mounts' });
  const existing = new Set(view.values.mounts.map((m) => m.index));
  const mounts = form.watch('mounts') ?? [];
  const errors = (form.formState.errors.mounts ?? []) as unknown as Record<string, Err>[];
  const kept = new Set(mounts.map((m) => m.index));
  const removed = view.values.mounts.filter((m) => !kept.has(m.index));

  function add() {
    const used = new Set(mounts.map((m) => m.index));
    let index = 0;
    while (used.has(index)) index++;
    const storage = view.storages[0]?.storage;
    append({ index, volume: storage ? `${storage}:8` : '', mp: `/mnt/data${index}`, backup: true });
  }

  return (
    <div className="space-y-3">
      {fields.map((f, i) =>
        existing.has(f.index) ? (
          <ExistingMount key={f.id} form={form} i={i} error={errors[i]} onRemove={() => remove(i)} disabled={disabled} />
        ) : (
          <NewMount key={f.id} form={form} i={i} view={view} error={errors[i]} onRemove={() => remove(i)} disabled={disabled} />
        ),
      )}
      {removed.length > 0 ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="mounts-removed">
          Removing {removed.map((m) => `mp${m.index}`).join(', ')} on save. Proxmox VE keeps a removed volume as an unused disk (its data stays) until you delete it; a bind mount only goes from the
          configuration.
        </p>
      ) : null}
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

/**
 * A mount point the container has: its path and options change here (PVE keeps a running container's
 * change pending until restart), its size only grows (under Disks), Remove detaches it.
 */
function ExistingMount({ form, i, error, onRemove, disabled }: { form: Form; i: number; error?: Record<string, Err>; onRemove: () => void; disabled: boolean }) {
  const field = withInitial(form);
  const p = `mounts.${i}` as const;
  const m = form.watch(p);
  if (!m) return null;
  const bind = m.volume.startsWith('/');
  const flag = (key: 'backup' | 'ro', label: string) => (
    <label className="flex items-center gap-2">
      <input type="checkbox" checked={!!m[key]} onChange={(e) => form.setValue(`${p}.${key}`, e.target.checked, { shouldDirty: true, shouldValidate: true })} /> {label}
    </label>
  );
  return (
    <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`mount-${m.index}`}>
      <legend className="px-1 text-sm font-medium">
        mp{m.index} <span className="break-all font-mono text-xs font-normal text-zinc-500">{m.volume}</span>
        {m.size ? <span className="ml-1 text-xs font-normal text-zinc-500">{m.size}</span> : null}
      </legend>
      <FormField id={`${p}.mp`} label="Path in the container" error={error?.['mp']?.message} hint={bind ? 'A bind mount: changing it needs root over SSH.' : undefined}>
        <input id={`${p}.mp`} className="input" {...field.input(`${p}.mp`)} />
      </FormField>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        {!bind ? flag('backup', 'Include in backups') : null}
        {flag('ro', 'Read-only')}
        <button type="button" className="btn-secondary ml-auto px-3 py-1.5 text-sm" disabled={disabled} onClick={onRemove} aria-label={`Remove mount point mp${m.index}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}

function NewMount({ form, i, view, error, onRemove, disabled }: { form: Form; i: number; view: ContainerSettingsView; error?: Record<string, Err>; onRemove: () => void; disabled: boolean }) {
  const field = withInitial(form);
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
          <input id={`${p}.mp`} className="input" placeholder="/data" {...field.input(`${p}.mp`)} />
        </FormField>
      </div>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        {!bind ? (
          <label className="flex items-center gap-2">
            <input type="checkbox" {...field.check(`${p}.backup`)} /> Include in backups
          </label>
        ) : null}
        <label className="flex items-center gap-2">
          <input type="checkbox" {...field.check(`${p}.ro`)} /> Read-only
        </label>
        <button type="button" className="btn-secondary ml-auto px-3 py-1.5 text-sm" disabled={disabled} onClick={onRemove}>
          Do not add
        </button>
      </div>
    </fieldset>
  );
}

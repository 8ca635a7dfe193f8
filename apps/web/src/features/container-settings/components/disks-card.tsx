'use client';

import { useState } from 'react';
import type { SettingsDisk } from '@kiln/services';
import { resizeDiskAction } from '../actions/resize-disk';
import { OperationOutcome } from './outcome';
import { useSettingsOperation } from './use-settings-operation';

/** Root disk and mount points; a volume can grow (Proxmox VE cannot shrink one). */
export function DisksCard({
  nodeId,
  vmid,
  digest,
  disks,
  unused,
  canEdit,
}: {
  nodeId: string;
  vmid: number;
  digest: string;
  disks: SettingsDisk[];
  unused: { key: string; volume: string }[];
  canEdit: boolean;
}) {
  return (
    <section className="card space-y-3 p-4" aria-labelledby="disks-title">
      <h2 id="disks-title" className="text-sm font-semibold">
        Disks and mount points
      </h2>
      {disks.length === 0 ? <p className="text-sm text-zinc-500">No disks in the configuration.</p> : null}
      <ul className="space-y-3">
        {disks.map((d) => (
          <DiskRow key={d.key} nodeId={nodeId} vmid={vmid} digest={digest} disk={d} canEdit={canEdit} />
        ))}
      </ul>
      {unused.length > 0 ? (
        <div className="space-y-1 border-t border-zinc-200 pt-3 dark:border-zinc-800" data-testid="unused-volumes">
          <h3 className="text-sm font-medium">Unused disks</h3>
          <p className="text-xs text-zinc-500">Detached from the container, with their data still on the storage. Proxmox VE deletes one only when asked to.</p>
          <ul className="space-y-1 text-sm">
            {unused.map((u) => (
              <li key={u.key} className="flex flex-wrap gap-x-3">
                <span className="font-mono font-medium">{u.key}</span>
                <span className="break-all font-mono text-xs text-zinc-500">{u.volume}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function DiskRow({ nodeId, vmid, digest, disk, canEdit }: { nodeId: string; vmid: number; digest: string; disk: SettingsDisk; canEdit: boolean }) {
  const op = useSettingsOperation();
  const [size, setSize] = useState('');
  const [error, setError] = useState<string>();
  const id = `resize-${disk.key}`;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const n = Number(size);
    if (!Number.isFinite(n) || size.trim() === '') return setError('Enter the new size in GiB.');
    if (disk.sizeGiB !== null && n <= disk.sizeGiB) return setError(`Proxmox VE can only grow a disk: enter more than ${disk.size ?? `${disk.sizeGiB} GiB`}.`);
    setError(undefined);
    void op.run(() => resizeDiskAction({ nodeId, vmid, disk: disk.key, sizeGiB: n, digest }));
  }

  const fieldError = error ?? op.fieldErrors['sizeGiB'];
  return (
    <li className="space-y-2 border-t border-zinc-200 pt-3 first:border-0 first:pt-0 dark:border-zinc-800" data-testid={`disk-${disk.key}`}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
        <span className="font-mono font-medium">{disk.key}</span>
        <span className="text-zinc-600 dark:text-zinc-400">{disk.mp}</span>
        <span className="break-all font-mono text-xs text-zinc-500">{disk.volume}</span>
        <span className="ml-auto">{disk.size ?? 'size unknown'}</span>
        {disk.ro ? <span className="rounded bg-zinc-100 px-1.5 text-xs dark:bg-zinc-800">read-only</span> : null}
        {disk.backup ? <span className="rounded bg-zinc-100 px-1.5 text-xs dark:bg-zinc-800">in backups</span> : null}
      </div>
      {canEdit && disk.resizable ? (
        <form onSubmit={submit} className="flex flex-wrap items-start gap-2" noValidate>
          <div>
            <label htmlFor={id} className="sr-only">
              New size of {disk.key} in GiB
            </label>
            <input
              id={id}
              inputMode="decimal"
              className="input w-32"
              placeholder={disk.sizeGiB !== null ? `> ${disk.sizeGiB} GiB` : 'GiB'}
              value={size}
              aria-invalid={!!fieldError}
              aria-describedby={fieldError ? `${id}-error` : undefined}
              onChange={(e) => setSize(e.target.value)}
            />
            {fieldError ? (
              <p id={`${id}-error`} role="alert" className="field-error max-w-xs">
                {fieldError}
              </p>
            ) : null}
          </div>
          <button type="submit" className="btn-secondary px-3 py-1.5 text-sm" disabled={op.busy}>
            Grow to GiB
          </button>
        </form>
      ) : !disk.resizable ? (
        <p className="text-xs text-zinc-500">A bind mount: its size is the host directory&apos;s.</p>
      ) : null}
      <OperationOutcome working={`Resizing ${disk.key}`} live={op.live} busy={op.busy} outcome={op.fieldErrors['sizeGiB'] ? undefined : op.outcome} onDismiss={op.dismiss} />
    </li>
  );
}

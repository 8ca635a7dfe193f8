'use client';

import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { BACKUP_OPERATIONS } from '@kiln/services/operations-table';
import type { RestoreResources } from '@kiln/services';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { containerPowerAction, vmPowerAction } from '@/features/container-detail/actions/power';
import { nextFreeVmidAction } from '@/features/nodes/actions/next-free-vmid';
import { restoreBackupAction } from '../actions/restore-backup';
import type { ArchiveRow } from '../model';
import type { useRunOperation } from './use-run-operation';

type ResourceKey = keyof RestoreResources;
const RESOURCE_FIELDS: Array<{ key: ResourceKey; label: string }> = [
  { key: 'cores', label: 'Cores' },
  { key: 'memory', label: 'Memory (MiB)' },
  { key: 'swap', label: 'Swap (MiB)' },
  { key: 'rootfsGiB', label: 'Root disk (GiB)' },
];
const ROOTFS_HINT = 'A new size restores only the root disk: the backup’s mount points are not recreated, their files land in it.';

/** The typed fields as numbers (empty ones left out), or which are not whole numbers. */
function parseResources(raw: Record<ResourceKey, string>): { values: RestoreResources } | { errors: Partial<Record<ResourceKey, string>> } {
  const values: RestoreResources = {};
  const errors: Partial<Record<ResourceKey, string>> = {};
  for (const { key } of RESOURCE_FIELDS) {
    const text = raw[key].trim();
    if (!text) continue;
    if (!/^\d+$/.test(text)) errors[key] = 'Enter a whole number.';
    else values[key] = Number(text);
  }
  // Ranges are the server's (the operation's schema): its messages land under the same fields.
  return Object.keys(errors).length ? { errors } : { values };
}

/**
 * Restore into a new VMID (default; the VMID is checked and held like a creation's) or over the
 * archive's own container (owner only, confirmed; the container must be stopped: PVE refuses a
 * running one, so the dialog offers to stop it first).
 */
export function RestoreDialog({ a, disks, canOverwrite, op }: { a: ArchiveRow; disks: string[]; canOverwrite: boolean; op: ReturnType<typeof useRunOperation> }) {
  const restore = useAction(restoreBackupAction);
  const nextFree = useAction(nextFreeVmidAction);
  const power = useAction(containerPowerAction);
  const vmPower = useAction(vmPowerAction);
  // A VM's archive restores as a VM (qmrestore), with the resources it was backed up with.
  const isVm = a.guest === 'qemu';
  const ct = isVm ? 'VM' : 'CT';
  const noun = isVm ? 'VM' : 'container';
  const [open, setOpen] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [vmid, setVmid] = useState('');
  const [storage, setStorage] = useState(disks[0] ?? '');
  const [start, setStart] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string>();
  const [vmidError, setVmidError] = useState<string>();
  const [res, setRes] = useState<Record<ResourceKey, string>>({ cores: '', memory: '', swap: '', rootfsGiB: '' });
  const [resErrors, setResErrors] = useState<Partial<Record<ResourceKey, string>>>({});
  const running = a.guestStatus === 'running';
  const def = BACKUP_OPERATIONS['backup.restore'];

  async function suggest() {
    const r = await nextFree.executeAsync({ nodeId: a.nodeId });
    if (r?.data) setVmid(String(r.data.vmid));
    else setVmidError(r?.serverError?.message ?? 'Could not ask for a free VMID.');
  }
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    setVmidError(undefined);
    setResErrors({});
    if (overwrite && !confirmed) return setError(`Tick the box to confirm that the ${noun}’s current data is replaced.`);
    const resources = overwrite || isVm ? undefined : parseResources(res);
    if (resources && 'errors' in resources) return setResErrors(resources.errors);
    const target = overwrite ? (a.vmid ?? 0) : Number(vmid);
    const err = await op.run(overwrite ? `Restoring over ${ct} ${target}` : `Restoring as ${ct} ${target}`, async () => {
      const r = await restore.executeAsync({ nodeId: a.nodeId, volid: a.volid, vmid: target, overwrite, storage, start, ...resources?.values });
      const fe = (r?.validationErrors as { fieldErrors?: Record<string, string[] | undefined> } | undefined)?.fieldErrors;
      const vmidMessage = fe?.['vmid']?.[0] ?? (r?.serverError as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors?.['vmid'];
      if (vmidMessage) setVmidError(vmidMessage);
      if (fe) setResErrors(Object.fromEntries(RESOURCE_FIELDS.map(({ key }) => [key, fe[key]?.[0]]).filter(([, m]) => m)));
      return r;
    });
    if (err) setError(err);
    else setOpen(false);
  }
  async function stopFirst() {
    if (a.vmid === null) return;
    setOpen(false);
    const ref = { nodeId: a.nodeId, vmid: a.vmid };
    await op.run(`Stopping ${ct} ${a.vmid}`, () => (isVm ? vmPower.executeAsync({ ...ref, op: 'stop' }) : power.executeAsync({ ...ref, op: 'stop' })));
  }
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o && !vmid) void suggest();
      }}
      trigger={def.label}
      triggerClassName="btn-secondary px-2 py-1 text-xs"
      title="Restore this backup"
      description={a.volid}
    >
      <form onSubmit={(e) => void submit(e)} className="space-y-3">
        <FormAlert message={error} />
        <fieldset className="space-y-1 text-sm">
          <legend className="mb-1 font-medium">Restore into</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="restore-target" checked={!overwrite} onChange={() => setOverwrite(false)} /> A new {noun} (new VMID)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="restore-target" disabled={!canOverwrite} checked={overwrite} onChange={() => setOverwrite(true)} /> Over {ct} {a.vmid ?? '?'}
            {a.guestName ? ` (${a.guestName})` : ''}
            {!canOverwrite ? <span className="text-xs text-zinc-500">{a.guestExists ? ' (the node owner’s call)' : ' (no longer exists)'}</span> : null}
          </label>
        </fieldset>
        {overwrite ? (
          <>
            {running ? (
              <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950/40">
                {ct} {a.vmid} is running: Proxmox VE restores only over a stopped {noun}.{' '}
                <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => void stopFirst()}>
                  Stop it first
                </button>
              </div>
            ) : null}
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{def.confirm.description}</p>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> Replace {ct} {a.vmid}’s disks and settings with this backup
            </label>
          </>
        ) : (
          <FormField id="restore-vmid" label="New VMID" error={vmidError} hint="Suggested: the next free VMID of the cluster.">
            <input id="restore-vmid" className="input" inputMode="numeric" value={vmid} onChange={(e) => setVmid(e.target.value)} aria-invalid={!!vmidError} />
          </FormField>
        )}
        <FormField id="restore-storage" label={isVm ? 'Storage for the disks' : 'Storage for the root disk'}>
          <select id="restore-storage" className="input" value={storage} onChange={(e) => setStorage(e.target.value)}>
            {disks.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </FormField>
        {overwrite || isVm ? null : (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">New resources</legend>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Leave a field empty to keep the backup’s value.</p>
            <div className="grid grid-cols-2 gap-2">
              {RESOURCE_FIELDS.map((f) => (
                <FormField key={f.key} id={`restore-${f.key}`} label={f.label} error={resErrors[f.key]} hint={f.key === 'rootfsGiB' ? ROOTFS_HINT : undefined}>
                  <input
                    id={`restore-${f.key}`}
                    className="input"
                    inputMode="numeric"
                    placeholder="as backed up"
                    value={res[f.key]}
                    onChange={(e) => setRes({ ...res, [f.key]: e.target.value })}
                    aria-invalid={!!resErrors[f.key]}
                  />
                </FormField>
              ))}
            </div>
          </fieldset>
        )}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} /> Start it afterwards
        </label>
        <FormDialogButtons busy={restore.isPending} label={overwrite ? def.confirm.confirmLabel : 'Restore'} busyLabel="Asking…" />
      </form>
    </FormDialog>
  );
}

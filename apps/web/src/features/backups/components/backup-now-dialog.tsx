'use client';

import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { BACKUP_OPERATIONS } from '@kiln/services/operations-table';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { backupNowAction } from '../actions/backup-now';
import { OperationStatus } from './operation-status';
import { useRunOperation } from './use-run-operation';

const MODES = [
  { value: 'snapshot', label: 'Snapshot (no downtime, where the storage can snapshot)' },
  { value: 'suspend', label: 'Suspend (short freeze)' },
  { value: 'stop', label: 'Stop (consistent; the container is down meanwhile)' },
] as const;

/** "Back up now": storage (only those that take backups on the container's node), mode, compression, notes, protected. */
export function BackupNowDialog({
  nodeId,
  vmid,
  name,
  storages,
  guest = 'lxc',
}: {
  nodeId: string;
  vmid: number;
  name: string;
  storages: Array<{ storage: string; label: string }>;
  guest?: 'lxc' | 'qemu';
}) {
  const action = useAction(backupNowAction);
  const op = useRunOperation(name);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [storage, setStorage] = useState(storages[0]?.storage ?? '');
  const [mode, setMode] = useState<(typeof MODES)[number]['value']>('snapshot');
  const [compress, setCompress] = useState<'zstd' | 'gzip' | '0'>('zstd');
  const [notes, setNotes] = useState('{{guestname}}');
  const [protect, setProtect] = useState(false);
  const def = BACKUP_OPERATIONS['backup.create'];
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    const err = await op.run(`${def.working} ${name}`, () => action.executeAsync({ nodeId, vmid, guest, storage, mode, compress, notesTemplate: notes || undefined, protected: protect }));
    if (err) setError(err);
    else setOpen(false);
  }
  return (
    <div className="space-y-2">
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        trigger={op.busy ? `${def.working}…` : def.label}
        title={`Back up ${name}`}
        description="Proxmox VE writes a vzdump archive of the container to the storage you choose."
      >
        {storages.length === 0 ? (
          <p className="text-sm">No storage on this container’s node takes backups. Add the “VZDump backup file” content to a storage in Proxmox VE first.</p>
        ) : (
          <form onSubmit={(e) => void submit(e)} className="space-y-3">
            <FormAlert message={error} />
            <FormField id="backup-storage" label="Storage">
              <select id="backup-storage" className="input" value={storage} onChange={(e) => setStorage(e.target.value)}>
                {storages.map((s) => (
                  <option key={s.storage} value={s.storage}>
                    {s.label}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id="backup-mode" label="Mode">
              <select id="backup-mode" className="input" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
                {MODES.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id="backup-compress" label="Compression">
              <select id="backup-compress" className="input" value={compress} onChange={(e) => setCompress(e.target.value as typeof compress)}>
                <option value="zstd">ZSTD (fast and good)</option>
                <option value="gzip">GZIP</option>
                <option value="0">None</option>
              </select>
            </FormField>
            <FormField id="backup-notes" label="Notes" hint="{{guestname}}, {{node}}, {{vmid}} and {{cluster}} are filled in by Proxmox VE.">
              <input id="backup-notes" className="input" value={notes} maxLength={1024} onChange={(e) => setNotes(e.target.value)} />
            </FormField>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={protect} onChange={(e) => setProtect(e.target.checked)} /> Protected (retention and deletion leave it alone)
            </label>
            <FormDialogButtons busy={action.isPending} label="Back up now" busyLabel="Asking…" />
          </form>
        )}
      </FormDialog>
      <OperationStatus state={op.state} />
    </div>
  );
}

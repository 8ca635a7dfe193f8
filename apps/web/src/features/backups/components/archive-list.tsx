'use client';

import Link from 'next/link';
import { useAction } from 'next-safe-action/hooks';
import { BACKUP_OPERATIONS } from '@kiln/services/operations-table';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { formatBytes } from '@/lib/format';
import { deleteBackupAction } from '../actions/delete-backup';
import type { ArchiveRow } from '../model';
import { OperationStatus } from './operation-status';
import { RestoreDialog } from './restore-dialog';
import { useRunOperation } from './use-run-operation';

const when = (s: number) => new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ');
const archiveName = (volid: string) => volid.slice(volid.indexOf('/') + 1);

function Verification({ state }: { state?: string }) {
  if (!state) return <span className="text-zinc-400">—</span>;
  return <span className={state === 'ok' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}>{state === 'ok' ? 'verified' : `verification ${state}`}</span>;
}

/** One archive: what it is, and (for those allowed) restore and delete, each followed live. */
function ArchiveItem({ a, disks, showGuest }: { a: ArchiveRow; disks: string[]; showGuest: boolean }) {
  const del = useAction(deleteBackupAction);
  const op = useRunOperation(archiveName(a.volid));
  const def = BACKUP_OPERATIONS['backup.delete'];
  const canDelete = a.access === 'owner';
  const canRestore = a.access !== 'viewer';
  return (
    <li className="card space-y-2 p-3" data-testid="backup-archive" data-volid={a.volid}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="break-all font-mono text-xs">{archiveName(a.volid)}</p>
          <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
            {showGuest && a.vmid !== null ? (
              a.guestExists ? (
                <Link className="underline" href={`/containers/${a.nodeId}/${a.vmid}?tab=backups`}>
                  {a.guest === 'qemu' ? 'VM' : 'CT'} {a.vmid}
                  {a.guestName ? ` ${a.guestName}` : ''}
                </Link>
              ) : (
                <span>
                  {a.guest === 'qemu' ? 'VM' : 'CT'} {a.vmid} (gone)
                </span>
              )
            ) : null}
            <span>{when(a.ctime)} UTC</span>
            <span>{formatBytes(a.size)}</span>
            <span>
              {a.storage} on {a.pveNode}
            </span>
            {a.protected ? <span className="rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">protected</span> : null}
            <Verification state={a.verification} />
          </p>
          {a.notes ? <p className="mt-1 text-sm">{a.notes}</p> : null}
        </div>
        <div className="flex gap-2">
          {canRestore ? <RestoreDialog a={a} disks={disks} canOverwrite={a.access === 'owner' && a.guestExists} op={op} /> : null}
          {canDelete ? (
            <ConfirmDialog
              trigger={
                <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={op.busy}>
                  Delete
                </button>
              }
              title={def.confirm.title()}
              description={a.protected ? `${def.confirm.description} This backup is protected: Proxmox VE will refuse until protection is removed.` : def.confirm.description}
              confirmLabel={def.confirm.confirmLabel}
              onConfirm={() => op.run(`Deleting ${archiveName(a.volid)}`, () => del.executeAsync({ nodeId: a.nodeId, volid: a.volid }))}
            />
          ) : null}
        </div>
      </div>
      <OperationStatus state={op.state} />
    </li>
  );
}

export function ArchiveList({ archives, disks, showGuest }: { archives: ArchiveRow[]; disks: Record<string, string[]>; showGuest: boolean }) {
  if (archives.length === 0) return <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">No backups yet.</p>;
  return (
    <ul className="space-y-2" aria-label="Backups">
      {archives.map((a) => (
        <ArchiveItem key={a.volid} a={a} disks={disks[`${a.nodeId}|${a.pveNode}`] ?? []} showGuest={showGuest} />
      ))}
    </ul>
  );
}

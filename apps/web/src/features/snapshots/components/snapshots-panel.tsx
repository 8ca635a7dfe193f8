'use client';

import { useCallback, useEffect, useState } from 'react';
import type { SnapshotList } from '@kiln/services';
import { OPERATIONS, SNAPSHOT_COSTS, VM_SNAPSHOT_COSTS, type OperationKind } from '@kiln/services/operations-table';
import { FormAlert } from '@/components/form-field';
import { Notice } from '@/components/ui/notice';
import { formatUtcDateTime, formatUtcTime } from '@/lib/format';
import { useOperation, type LiveOperation } from '@/features/operations/components/use-operation';
import { listSnapshotsAction } from '../actions/list-snapshots';
import { CreateSnapshotDialog } from './create-snapshot-dialog';
import { DescribeSnapshotDialog } from './describe-snapshot-dialog';
import { SnapshotRowActions } from './snapshot-row-actions';

const when = (s: number) => formatUtcDateTime(s * 1000);

/**
 * The guest's snapshots as PVE's tree (parent/child, NOW where the guest is), with take, roll back
 * and delete for operators, what each costs, and why a storage cannot snapshot. A container's by
 * default; `guest="qemu"` for a VM (RAM may be included).
 */
export function SnapshotsPanel({ nodeId, vmid, name, canChange, guest = 'lxc' }: { nodeId: string; vmid: number; name: string; canChange: boolean; guest?: 'lxc' | 'qemu' }) {
  const noun = guest === 'qemu' ? 'VM' : 'container';
  const costs = guest === 'qemu' ? VM_SNAPSHOT_COSTS : SNAPSHOT_COSTS;
  const [list, setList] = useState<SnapshotList>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [operationId, setOperationId] = useState<string>();

  const refresh = useCallback(async () => {
    setLoading(true);
    setError(undefined);
    const r = await listSnapshotsAction({ nodeId, vmid, guest }).catch(() => undefined);
    setLoading(false);
    if (r?.data) setList(r.data);
    else setError(r?.serverError?.message ?? 'The snapshots could not be read.');
  }, [nodeId, vmid, guest]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The verdict shows with the tree as it is afterwards, never next to the tree from before.
  const live = useOperation(operationId, (op: LiveOperation) => {
    void refresh().then(() => {
      setOperationId(undefined);
      setNotice({ ok: op.ok, text: op.operation.message ?? (op.ok ? 'Done.' : 'It did not work.') });
    });
  });
  const queued = (id: string) => {
    setNotice(undefined);
    setOperationId(id);
  };

  const busy = operationId !== undefined || !!list?.lock;
  const capable = list?.capability.ok ?? false;
  const snapshots = list?.entries.filter((e) => !e.current) ?? [];
  const def = live ? OPERATIONS[live.operation.kind as OperationKind] : undefined;

  return (
    <div className="space-y-3" data-testid="snapshots">
      <div className="flex flex-wrap items-center gap-2">
        {canChange ? <CreateSnapshotDialog nodeId={nodeId} vmid={vmid} guest={guest} running={list?.running ?? false} disabled={!capable || busy} onQueued={queued} /> : null}
        <button type="button" className="btn-secondary" onClick={() => void refresh()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
        {list ? <span className="text-xs text-zinc-500">Read at {formatUtcTime(list.at)}</span> : null}
      </div>
      {list && !list.capability.ok ? (
        <div
          role="note"
          data-testid="snapshot-unavailable"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <p className="font-medium">Snapshots are not possible for this {noun}.</p>
          <p>{list.capability.reason}</p>
          <p className="mt-1 text-xs">
            Proxmox VE would refuse with “<span className="font-mono">{list.capability.pveText}</span>”.
          </p>
        </div>
      ) : null}
      {!canChange ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">This node is shared with you read-only: you see the snapshots, its owner or an operator takes and rolls them back.</p>
      ) : null}
      {operationId ? (
        <p role="status" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-200">
          {def ? `${def.working} ${name}…` : 'Working…'}
          {live?.lines.at(-1) ? <span className="block truncate font-mono text-xs">{live.lines.at(-1)}</span> : null}
        </p>
      ) : list?.lock ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          The {noun} is locked ({list.lock}) by a running task; try again when it has finished.
        </p>
      ) : null}
      {notice ? <Notice ok={notice.ok} text={notice.text} testId="snapshot-notice" /> : null}
      <FormAlert message={error} />
      {!list && loading ? (
        <div className="h-32 animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800" aria-busy="true">
          <span className="sr-only">Loading snapshots…</span>
        </div>
      ) : list ? (
        <section className="card" aria-label="Snapshot tree">
          {snapshots.length === 0 ? <p className="border-b border-zinc-100 px-4 py-3 text-sm text-zinc-500 dark:border-zinc-800">No snapshots yet.</p> : null}
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {list.entries.map((e) => (
              <li
                key={e.name}
                data-snapshot={e.current ? 'NOW' : e.name}
                className="flex flex-wrap items-start gap-2 px-3 py-2 text-sm"
                style={{ paddingLeft: `${0.75 + Math.min(e.depth, 8) * 1}rem` }}
              >
                {/* at least 12rem for the name and date: on a phone the actions wrap below instead of squeezing them */}
                <div className="min-w-[12rem] flex-1">
                  {e.current ? (
                    <span className="flex items-center gap-2">
                      <span className="rounded-full bg-kiln-600 px-2 py-0.5 text-xs font-semibold text-white">NOW</span>
                      <span className="text-zinc-600 dark:text-zinc-400">{list.running ? 'Running' : 'Stopped'}, as it is now</span>
                    </span>
                  ) : (
                    <>
                      <span className="break-all font-mono font-medium">{e.name}</span>
                      {e.snaptime ? <span className="ml-2 text-xs text-zinc-500">{when(e.snaptime)}</span> : null}
                      {e.vmstate ? <span className="ml-2 rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">with RAM</span> : null}
                      {e.snapstate ? <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">{e.snapstate}</span> : null}
                      {e.description ? <p className="whitespace-pre-wrap break-words text-xs text-zinc-600 dark:text-zinc-400">{e.description}</p> : null}
                    </>
                  )}
                </div>
                {canChange && !e.current ? (
                  <div className="flex flex-wrap justify-end gap-1">
                    <DescribeSnapshotDialog nodeId={nodeId} vmid={vmid} guest={guest} snapname={e.name} description={e.description ?? ''} disabled={busy} onQueued={queued} />
                    <SnapshotRowActions nodeId={nodeId} vmid={vmid} guest={guest} snapname={e.name} running={list.running} disabled={busy} onQueued={queued} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <details className="text-sm text-zinc-600 dark:text-zinc-400">
        <summary className="cursor-pointer">What snapshots cost</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>Take: {costs.create}</li>
          <li>Roll back: {costs.rollback}</li>
          <li>Delete: {costs.delete}</li>
          <li>A snapshot is not a backup: it lives on the same disk as the {noun} and goes with it.</li>
        </ul>
      </details>
    </div>
  );
}

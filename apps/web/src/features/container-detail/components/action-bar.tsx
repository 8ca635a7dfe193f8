'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { CONTAINER_OPERATIONS, VM_POWER_OPS, containerKind, vmKind, type ContainerOpKind, type PowerOp, type VmPowerOp } from '@kiln/services/operations-table';
import { cn } from '@/lib/cn';
import { GuardedButton } from '@/components/ui/guarded-button';
import { useOperation, type LiveOperation } from '@/features/operations/components/use-operation';
import { containerPowerAction, vmPowerAction } from '../actions/power';
import { DeleteContainerDialog } from './delete-dialog';
import { OperationResult } from '@/features/operations/components/operation-result';
import { TaskLogView } from './task-log-view';

export interface ActionResultView {
  ok: boolean;
  message: string;
  log: string[];
  operationId?: string;
}

const BUTTONS: PowerOp[] = ['start', 'shutdown', 'stop', 'reboot'];

/** A power verb of either guest type: a VM also has reset, suspend (Pause) and resume. */
type AnyPowerOp = PowerOp | VmPowerOp;

/** Which verbs make sense now; the reason shown on a disabled button otherwise. */
function whyNot(op: AnyPowerOp, running: boolean, paused: boolean, noun: string): string | undefined {
  if (op === 'start') return running ? `The ${noun} is already running.` : undefined;
  if (!running) return `The ${noun} is not running.`;
  if (op === 'resume') return paused ? undefined : 'The VM is not paused.';
  if (paused && (op === 'suspend' || op === 'shutdown' || op === 'reboot')) return 'The VM is paused: resume it first.';
  return undefined;
}

/**
 * Start/stop/shutdown/reboot/delete of a container, or a VM's power verbs (`guest="qemu"`: no
 * delete). Each asks the worker for an operation and follows it here:
 * the PVE task's log while it runs, its verdict after (PVE's own reason when it refuses). A page
 * reloaded while an operation runs is handed that operation (`active`) and follows it again.
 */
export function ActionBar({
  nodeId,
  vmid,
  name,
  status,
  canDelete,
  active,
  guest = 'lxc',
  paused = false,
}: {
  nodeId: string;
  vmid: number;
  name: string;
  status: string;
  canDelete: boolean;
  active?: { id: string; kind: string };
  guest?: 'lxc' | 'qemu';
  /** A VM suspended to RAM (`qmpstatus: paused`). */
  paused?: boolean;
}) {
  const router = useRouter();
  const power = useAction(containerPowerAction);
  const vmPower = useAction(vmPowerAction);
  const isVm = guest === 'qemu';
  const buttons: readonly AnyPowerOp[] = isVm ? VM_POWER_OPS : BUTTONS;
  const kindOf = (op: AnyPowerOp): ContainerOpKind => (isVm ? vmKind(op as VmPowerOp) : containerKind(op as PowerOp));
  const [current, setCurrent] = useState<{ id: string; kind: ContainerOpKind } | undefined>(
    active && active.kind in CONTAINER_OPERATIONS ? { id: active.id, kind: active.kind as ContainerOpKind } : undefined,
  );
  const [asking, setAsking] = useState<ContainerOpKind>();
  const [result, setResult] = useState<ActionResultView>();
  const busyKind = asking ?? current?.kind;
  const live = useOperation(current?.id, (op: LiveOperation) => {
    const outcome = { ok: op.ok, message: op.operation.message ?? (op.ok ? 'Done.' : 'It did not work.'), log: op.lines, operationId: op.operation.id };
    setCurrent(undefined);
    setResult(outcome);
    (outcome.ok ? toast.success : toast.error)(`${name}: ${outcome.message}`);
    if (op.operation.kind === 'container.delete' && op.ok) router.push('/containers');
    else router.refresh();
  });
  const running = status === 'running';

  function refused(message: string) {
    setResult({ ok: false, message, log: [] });
    toast.error(`${name}: ${message}`);
  }

  async function run(op: AnyPowerOp) {
    const kind = kindOf(op);
    setAsking(kind);
    setResult(undefined);
    const r = isVm ? await vmPower.executeAsync({ nodeId, vmid, op: op as VmPowerOp }) : await power.executeAsync({ nodeId, vmid, op: op as PowerOp });
    setAsking(undefined);
    if (r?.data?.operationId) setCurrent({ id: r.data.operationId, kind });
    else refused(r?.serverError?.message ?? 'The action could not run.');
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2" role="toolbar" aria-label={isVm ? 'VM actions' : 'Container actions'}>
        {buttons.map((op) => {
          const def = CONTAINER_OPERATIONS[kindOf(op)];
          return (
            <GuardedButton
              key={op}
              type="button"
              className={cn(op === 'start' ? 'btn-primary' : 'btn-secondary', 'px-3 py-1.5')}
              disabled={busyKind !== undefined}
              reason={whyNot(op, running, paused, isVm ? 'VM' : 'container')}
              onClick={() => void run(op)}
            >
              {busyKind === kindOf(op) ? `${def.working}…` : def.label}
            </GuardedButton>
          );
        })}
        {canDelete && !isVm ? (
          <DeleteContainerDialog
            nodeId={nodeId}
            vmid={vmid}
            name={name}
            running={running}
            disabled={busyKind !== undefined}
            onAsking={() => {
              setAsking('container.delete');
              setResult(undefined);
            }}
            onQueued={(operationId) => {
              setAsking(undefined);
              setCurrent({ id: operationId, kind: 'container.delete' });
            }}
            onRefused={(message) => {
              setAsking(undefined);
              refused(message);
            }}
          />
        ) : null}
      </div>
      {busyKind ? (
        <div role="status" aria-live="polite" data-testid="operation-running" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950/40">
          <div className="mb-2 flex flex-wrap items-center gap-2 font-medium text-sky-900 dark:text-sky-200">
            <span className="h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
            {`${CONTAINER_OPERATIONS[busyKind].working} ${name}…`}
            {live?.operation.state === 'queued' ? <span className="text-xs font-normal text-sky-700 dark:text-sky-400">waiting for the worker</span> : null}
            {live?.upid ? <span className="font-mono text-xs font-normal text-sky-700 dark:text-sky-400">task {live.upid.split(':')[5]}</span> : null}
          </div>
          <TaskLogView lines={live?.lines ?? []} className="max-h-40" />
        </div>
      ) : null}
      {result ? <OperationResult ok={result.ok} message={result.message} log={result.log} testId="action-result" onDismiss={() => setResult(undefined)} /> : null}
    </div>
  );
}

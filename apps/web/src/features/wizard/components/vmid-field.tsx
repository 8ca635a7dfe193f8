'use client';

import { useEffect, useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { checkVmidAction } from '@/features/nodes/actions/check-vmid';
import { nextFreeVmidAction } from '@/features/nodes/actions/next-free-vmid';
import { refreshVmidsAction } from '@/features/nodes/actions/refresh-vmids';

type Check = { state: 'idle' | 'checking' | 'ok' | 'taken'; message?: string };

/**
 * VMID: "next free" by default, or a manual id checked as you type against the cluster's cached
 * ids (the server names the container that holds a taken one). PVE confirms it at submit.
 */
export function VmidField({
  nodeId,
  mode,
  value,
  error,
  onMode,
  onValue,
}: {
  nodeId?: string;
  mode: 'auto' | 'manual';
  value: string;
  error?: string;
  onMode: (m: 'auto' | 'manual') => void;
  onValue: (v: string) => void;
}) {
  const refresh = useAction(refreshVmidsAction);
  const check = useAction(checkVmidAction);
  const next = useAction(nextFreeVmidAction);
  const [status, setStatus] = useState<Check>({ state: 'idle' });

  // Fresh cache of the cluster's ids when the wizard reaches this node.
  useEffect(() => {
    if (nodeId) refresh.execute({ nodeId });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId]);

  useEffect(() => {
    if (mode !== 'manual' || !nodeId || value.trim() === '') {
      setStatus({ state: 'idle' });
      return;
    }
    setStatus({ state: 'checking' });
    const t = setTimeout(async () => {
      const r = await check.executeAsync({ nodeId, vmid: value });
      const d = r?.data;
      if (!d) setStatus({ state: 'taken', message: r?.serverError?.message ?? 'Could not check this VMID.' });
      else setStatus(d.ok ? { state: 'ok', message: `VMID ${d.vmid} is free.` } : { state: 'taken', message: d.message });
    }, 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, mode, nodeId]);

  const shown = error ?? (status.state === 'taken' ? status.message : undefined);
  return (
    <fieldset>
      <legend className="label">VMID</legend>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" checked={mode === 'auto'} onChange={() => onMode('auto')} /> Next free (chosen at creation)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" checked={mode === 'manual'} onChange={() => onMode('manual')} /> Choose
        </label>
      </div>
      {mode === 'manual' ? (
        <div className="mt-2 flex gap-2">
          <input
            id="vmid"
            aria-label="VMID"
            inputMode="numeric"
            className="input max-w-40 font-mono"
            value={value}
            onChange={(e) => onValue(e.target.value)}
            aria-invalid={!!shown}
            aria-describedby="vmid-status"
          />
          <button
            type="button"
            className="btn-secondary"
            disabled={!nodeId || next.isPending}
            onClick={async () => {
              const r = await next.executeAsync({ nodeId: nodeId! });
              if (r?.data) onValue(String(r.data.vmid));
            }}
          >
            {next.isPending ? 'Asking…' : 'Use next free'}
          </button>
        </div>
      ) : null}
      <p id="vmid-status" role={shown ? 'alert' : undefined} className={shown ? 'field-error' : 'mt-1 text-xs text-zinc-500'}>
        {shown ??
          (mode === 'manual'
            ? status.state === 'checking'
              ? 'Checking…'
              : (status.message ?? 'A number from 100 to 999999999, unused in the cluster.')
            : 'Kiln asks Proxmox for the next free id and reserves it.')}
      </p>
    </fieldset>
  );
}

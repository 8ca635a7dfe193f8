'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ServiceInfo } from '@kiln/services';
import { cn } from '@/lib/cn';
import { formatUtcTime } from '@/lib/format';
import { Notice } from '@/components/ui/notice';
import { useOperation, type LiveOperation } from '@/features/operations/components/use-operation';
import { controlServiceAction } from '../actions/control-service';
import { listServicesAction } from '../actions/list-services';
import { JournalViewer } from './journal-viewer';

const ACTIVE: Record<string, string> = {
  active: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  activating: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
};

type Verb = 'start' | 'stop' | 'restart';

/** The container's systemd services with start/stop/restart and each one's journal. */
export function ServicesPanel({ nodeId, vmid }: { nodeId: string; vmid: number }) {
  const [services, setServices] = useState<ServiceInfo[]>();
  const [at, setAt] = useState<number>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [filter, setFilter] = useState('');
  const [journalFor, setJournalFor] = useState<string>();

  const refresh = useCallback(async () => {
    setLoading(true);
    setError(undefined);
    const r = await listServicesAction({ nodeId, vmid }).catch(() => undefined);
    setLoading(false);
    if (r?.data) {
      setServices(r.data.services);
      setAt(r.data.at);
    } else setError(r?.serverError?.message ?? 'The services could not be read.');
  }, [nodeId, vmid]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The worker runs systemctl as an operation; this follows it to its verdict.
  const [operationId, setOperationId] = useState<string>();
  useOperation(operationId, (op: LiveOperation) => {
    const result = op.operation.result as { unit?: string; service?: ServiceInfo | null } | null;
    const updated = result?.service;
    setOperationId(undefined);
    setBusy(undefined);
    setNotice({ ok: op.ok, text: op.operation.message ?? (op.ok ? 'Done.' : 'The command did not work.') });
    if (updated) setServices((all) => all?.map((s) => (s.name === updated.name ? updated : s)));
  });

  async function control(unit: string, verb: Verb) {
    setBusy(`${unit}:${verb}`);
    setNotice(undefined);
    const r = await controlServiceAction({ nodeId, vmid, unit, verb }).catch(() => undefined);
    if (r?.data?.operationId) setOperationId(r.data.operationId);
    else {
      setBusy(undefined);
      setNotice({ ok: false, text: r?.serverError?.message ?? 'The command could not run.' });
    }
  }

  const shown = (services ?? []).filter((s) => !filter || s.name.includes(filter.toLowerCase()) || s.description.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="service-filter" className="sr-only">
          Filter services
        </label>
        <input id="service-filter" type="search" className="input max-w-xs" placeholder="Filter services" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" className="btn-secondary" onClick={() => void refresh()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
        {at ? <span className="text-xs text-zinc-500">Read at {formatUtcTime(at)}</span> : null}
      </div>
      {notice ? <Notice ok={notice.ok} text={notice.text} testId="service-notice" /> : null}
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {!services && loading ? (
        <div className="h-40 animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800" aria-busy="true">
          <span className="sr-only">Loading services…</span>
        </div>
      ) : services && shown.length === 0 ? (
        <p className="card px-4 py-6 text-center text-sm text-zinc-500">{services.length === 0 ? 'No systemd services found.' : 'No service matches.'}</p>
      ) : services ? (
        <div className="card overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th className="px-3 py-2 font-medium">Service</th>
                <th className="px-3 py-2 font-medium">State</th>
                <th className="hidden px-3 py-2 font-medium sm:table-cell">Enabled</th>
                <th className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {shown.map((s) => (
                <tr key={s.name} data-service={s.name} data-active={s.active}>
                  <td className="px-3 py-2 align-top">
                    <div className="break-all font-mono text-xs">{s.name}</div>
                    {s.description ? <div className="text-xs text-zinc-500">{s.description}</div> : null}
                    <div className="text-xs text-zinc-500 sm:hidden">{s.enabled || '—'}</div>
                  </td>
                  <td className="px-3 py-2 align-top">
                    <span className={cn('whitespace-nowrap rounded-full px-2 py-0.5 text-xs', ACTIVE[s.active] ?? 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300')}>
                      {s.active}
                      {s.sub && s.sub !== s.active ? ` (${s.sub})` : ''}
                    </span>
                  </td>
                  <td className="hidden px-3 py-2 align-top text-xs sm:table-cell">{s.enabled || '—'}</td>
                  <td className="px-3 py-2 align-top">
                    <div className="flex flex-wrap justify-end gap-1">
                      {(['start', 'stop', 'restart'] as const).map((verb) => (
                        <button
                          key={verb}
                          type="button"
                          className="btn-secondary px-2 py-1 text-xs"
                          disabled={busy !== undefined || s.load === 'masked' || (verb === 'start' && s.active === 'active') || (verb === 'stop' && s.active !== 'active')}
                          aria-label={`${verb} ${s.name}`}
                          onClick={() => void control(s.name, verb)}
                        >
                          {busy === `${s.name}:${verb}` ? '…' : verb}
                        </button>
                      ))}
                      <button
                        type="button"
                        className="btn-ghost px-2 py-1 text-xs"
                        aria-expanded={journalFor === s.name}
                        aria-label={`journal of ${s.name}`}
                        onClick={() => setJournalFor(journalFor === s.name ? undefined : s.name)}
                      >
                        journal
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {journalFor ? <JournalViewer key={journalFor} nodeId={nodeId} vmid={vmid} unit={journalFor} onClose={() => setJournalFor(undefined)} /> : null}
    </div>
  );
}

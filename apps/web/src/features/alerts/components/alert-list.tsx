import Link from 'next/link';
import { cn } from '@/lib/cn';
import type { AlertRow } from '../queries';
import { AcknowledgeButton, SnoozeButtons } from './alert-buttons';

export const KIND_LABELS: Record<AlertRow['kind'], string> = {
  container_stopped: 'Container stopped',
  node_offline: 'Node down',
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk',
  operation_failed: 'Operation failed',
  service_down: 'Service check failing',
  swap: 'Swap',
  not_running: 'Container not running',
  storage_full: 'Storage nearly full',
  backup_age: 'No recent backup',
  backup_failed: 'Backup failed',
  updates_pending: 'Security updates pending',
};

const STATE_CLASSES: Record<AlertRow['state'], string> = {
  firing: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300',
  acknowledged: 'bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300',
  resolved: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300',
};

export function AlertStateBadge({ state }: { state: AlertRow['state'] }) {
  return <span className={cn('rounded px-2 py-0.5 text-xs font-medium', STATE_CLASSES[state])}>{state}</span>;
}

const time = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** The alerts of one filter, newest first; open ones with Acknowledge and Snooze. */
export function AlertList({ alerts }: { alerts: AlertRow[] }) {
  return (
    <ul className="space-y-2" aria-label="Alerts">
      {alerts.map((a) => (
        <li key={a.id} className="card space-y-2 px-4 py-3" data-alert-id={a.id} data-alert-state={a.state}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="flex min-w-0 items-center gap-2">
              <AlertStateBadge state={a.state} />
              <span className="text-xs text-zinc-500" data-severity={a.severity}>
                {KIND_LABELS[a.kind]} · {a.severity}
              </span>
            </div>
            {a.state !== 'resolved' ? (
              <div className="flex flex-wrap items-center gap-2">
                {a.state === 'firing' ? <AcknowledgeButton id={a.id} title={a.title} /> : null}
                <SnoozeButtons id={a.id} />
              </div>
            ) : null}
          </div>
          <p className="font-medium break-words">{a.title}</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{a.detail}</p>
          <p className="text-xs text-zinc-500">
            Fired {time(a.firedAt)}
            {a.acknowledgedAt ? ` · acknowledged ${time(a.acknowledgedAt)}` : ''}
            {a.resolvedAt ? ` · resolved ${time(a.resolvedAt)}` : ''}
            {a.snoozedUntil && a.snoozedUntil > new Date() ? ` · snoozed until ${time(a.snoozedUntil)}` : ''}
            {a.nodeId && a.vmid ? (
              <>
                {' · '}
                <Link className="underline" href={`/containers/${a.nodeId}/${a.vmid}`}>
                  open container
                </Link>
              </>
            ) : null}
          </p>
          {a.ackNote ? <p className="text-sm italic text-zinc-600 dark:text-zinc-400">Note: {a.ackNote}</p> : null}
        </li>
      ))}
    </ul>
  );
}

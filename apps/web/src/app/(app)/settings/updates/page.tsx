import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteScheduleButton, RunScheduleNowButton } from '@/features/updates/components/schedule-buttons';
import { ScheduleDialog } from '@/features/updates/components/schedule-dialog';
import { updateSchedulesPage } from '@/features/updates/queries';
import type { ScheduleForm } from '@/features/updates/schemas';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Update schedules' };

const time = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';
const SAFETY = { snapshot: 'snapshot first', backup: 'backup first', none: 'no safety net' } as const;

type Schedule = Awaited<ReturnType<typeof updateSchedulesPage>>['schedules'][number];

function formValues(s: Schedule): ScheduleForm {
  return {
    name: s.name,
    scope: s.nodeId ? 'node' : 'tag',
    nodeId: s.nodeId ?? '',
    tag: s.tag ?? '',
    days: s.days.map(String),
    time: s.time,
    timeZone: s.timeZone,
    enabled: s.enabled,
    what: s.options.what,
    safety: s.options.safety,
    backupStorage: s.options.backupStorage ?? '',
    perNode: s.options.perNode,
    stopAtFirstRollback: s.options.stopAtFirstRollback,
  };
}

export default async function UpdateSchedulesPage() {
  const user = await requireUser();
  const { schedules, nodes } = await updateSchedulesPage(user.id);
  return (
    <section className="card">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div>
          <h2 className="font-semibold">Update schedules</h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Maintenance windows for updates: each run updates the containers in scope that have pending updates, one safe update each.</p>
        </div>
        <ScheduleDialog nodes={nodes} />
      </div>
      {schedules.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-zinc-500">No schedules yet. Add one to install security updates every Sunday night, say.</p>
      ) : (
        <ul>
          {schedules.map((s) => (
            <li key={s.id} className="space-y-1 border-b border-zinc-200 px-4 py-3 last:border-b-0 dark:border-zinc-800" data-schedule={s.name}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium break-words">
                    {s.name}
                    {s.enabled ? '' : <span className="ml-2 text-xs font-normal text-zinc-500">disabled</span>}
                  </p>
                  <p className="text-xs text-zinc-500">
                    {s.nodeId ? `Node ${s.nodeName ?? '?'}` : `Tag ${s.tag ?? ''}`} · {s.window} · {s.options.what === 'os-security' ? 'security updates' : 'all OS packages'} ·{' '}
                    {SAFETY[s.options.safety]}
                    {s.options.backupStorage ? ` (${s.options.backupStorage})` : ''} · {s.options.perNode} at once per node
                    {s.options.stopAtFirstRollback ? ' · stops at the first rollback' : ''}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-1">
                  <RunScheduleNowButton id={s.id} />
                  <ScheduleDialog nodes={nodes} id={s.id} values={formValues(s)} />
                  <DeleteScheduleButton id={s.id} name={s.name} />
                </div>
              </div>
              <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="schedule-status">
                {s.nextRunAt ? `Next: ${time(s.nextRunAt)}.` : 'Not scheduled.'}{' '}
                {s.lastRunAt ? (
                  <>
                    Last run {time(s.lastRunAt)}: {s.lastResult}{' '}
                    {s.lastOperation ? (
                      <Link className="underline" href={`/operations/${s.lastOperation.id}`}>
                        {s.lastOperation.state === 'queued' || s.lastOperation.state === 'running' ? 'Follow it' : (s.lastOperation.message ?? 'Details')}
                      </Link>
                    ) : null}
                  </>
                ) : (
                  'Never run yet.'
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

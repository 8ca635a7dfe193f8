import type { SessionInfo } from '@kiln/auth';
import { formatWhen } from '@/features/audit/components/audit-table';
import { describeDevice } from '../device';
import { EndSessionButton } from './end-session-button';

/** The user's live sessions, newest first; each can be ended on its own. */
export function SessionList({ sessions, currentHash }: { sessions: SessionInfo[]; currentHash: string }) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Sessions">
      {sessions.map((s) => (
        <li key={s.idHash} className="flex flex-wrap items-center justify-between gap-2 py-3">
          <div className="min-w-0 text-sm">
            <p className="font-medium">
              {describeDevice(s.userAgent)}
              {s.idHash === currentHash ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">This session</span> : null}
            </p>
            <p className="break-words text-xs text-zinc-500">
              {s.ip ?? 'unknown IP'} · signed in {formatWhen(new Date(s.createdAt))} · last seen {formatWhen(new Date(s.lastSeenAt))}
            </p>
          </div>
          {s.idHash === currentHash ? null : <EndSessionButton idHash={s.idHash} device={describeDevice(s.userAgent)} />}
        </li>
      ))}
    </ul>
  );
}

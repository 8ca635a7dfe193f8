import Link from 'next/link';
import type { AuditEvent } from '@kiln/services';
import { cn } from '@/lib/cn';

export function formatWhen(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

const CONTAINER_PAGE = /^[0-9a-f-]{36}\/\d+$/;
const CONTAINER_ROW = /^[0-9a-f-]{36}$/;

function Outcome({ e }: { e: AuditEvent }) {
  return (
    <span
      className={cn(
        'rounded px-1.5 py-0.5 text-xs font-medium',
        e.outcome === 'success' ? 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300' : 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300',
      )}
    >
      {e.outcome}
    </span>
  );
}

function Target({ e }: { e: AuditEvent }) {
  const label = e.targetName ?? e.targetId ?? '—';
  if (e.targetType === 'container' && e.targetId) {
    // Actions on a container are addressed `nodeId/vmid` (its page; deleted ones keep their history there);
    // creation events name Kiln's row, whose creation page links on to the container.
    if (CONTAINER_PAGE.test(e.targetId))
      return (
        <Link href={`/containers/${e.targetId}`} className="hover:underline">
          {label} <span className="font-mono text-xs text-zinc-500">CT {e.targetId.split('/')[1]}</span>
        </Link>
      );
    if (CONTAINER_ROW.test(e.targetId))
      return (
        <Link href={`/containers/creations/${e.targetId}`} className="hover:underline">
          {label}
        </Link>
      );
  }
  return <>{label}</>;
}

/** Columns that phones show inside the Action cell instead (a stacked layout, no sideways scrolling). */
const WIDE = 'hidden md:table-cell';

/** A short, secret-free line from the detail JSON: the reason of a failure, the unit of a service command. */
function detailText(detail: unknown): string | undefined {
  if (!detail || typeof detail !== 'object') return undefined;
  const d = detail as Record<string, unknown>;
  const parts = [d['unit'], d['step'], d['reason'] ?? d['message'], d['exitstatus'] && d['exitstatus'] !== 'OK' ? d['exitstatus'] : undefined].filter(
    (x): x is string => typeof x === 'string' && x.length > 0,
  );
  return parts.length ? parts.join(' · ').slice(0, 200) : undefined;
}

export function AuditTable({ events, compact = false }: { events: AuditEvent[]; compact?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
          <tr>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-3 py-2 font-medium">Action</th>
            {compact ? null : <th className={cn('px-3 py-2 font-medium', WIDE)}>Target</th>}
            <th className={cn('px-3 py-2 font-medium', !compact && WIDE)}>Outcome</th>
            {compact ? null : <th className="hidden px-3 py-2 font-medium md:table-cell">From</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {events.map((e) => {
            const detail = compact ? undefined : detailText(e.detail);
            return (
              <tr key={String(e.id)} data-action={e.action}>
                <td className="px-3 md:whitespace-nowrap py-2 align-top text-zinc-600 dark:text-zinc-400">{formatWhen(e.createdAt)}</td>
                <td className="px-3 py-2 align-top font-mono text-xs">
                  {e.action}
                  {compact ? null : (
                    <>
                      <div className="font-sans text-zinc-500">{e.actor}</div>
                      <div className="mt-1 space-y-1 break-words font-sans text-sm md:hidden">
                        <div>
                          <Target e={e} /> <Outcome e={e} />
                        </div>
                        {detail ? <div className="text-xs text-zinc-500">{detail}</div> : null}
                      </div>
                    </>
                  )}
                </td>
                {compact ? null : (
                  <td className={cn('max-w-xs break-words px-3 py-2 align-top', WIDE)}>
                    <Target e={e} />
                    {detail ? <div className="break-words text-xs text-zinc-500">{detail}</div> : null}
                  </td>
                )}
                <td className={cn('px-3 py-2 align-top', !compact && WIDE)}>
                  <Outcome e={e} />
                </td>
                {compact ? null : <td className="hidden px-3 py-2 align-top text-zinc-500 md:table-cell">{e.ip ?? '—'}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

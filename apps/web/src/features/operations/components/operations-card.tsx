import Link from 'next/link';
import type { OperationSummary } from '@kiln/services';
import { formatUtcDateTime } from '@/lib/format';
import { formatDuration } from '../format';
import { OperationStatePill } from './state-pill';

function Target({ op }: { op: OperationSummary }) {
  if (op.nodeId && op.vmid) {
    return (
      <Link className="underline-offset-2 hover:underline" href={`/containers/${op.nodeId}/${op.vmid}`}>
        {op.targetName ?? `CT ${op.vmid}`}
      </Link>
    );
  }
  return <span>{op.targetName ?? '—'}</span>;
}

/**
 * A list of operations: state, what, on what, when, how long, and a link to the live log. A
 * table on wide screens, stacked rows on a phone (nothing scrolls sideways at 375 px).
 */
export function OperationsCard({ operations, title, compact = false, showRequester = false }: { operations: OperationSummary[]; title?: string; compact?: boolean; showRequester?: boolean }) {
  if (operations.length === 0) {
    if (compact) return null;
    return <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">No operations yet. Start, stop or delete a container and it shows up here.</p>;
  }
  return (
    <section className="card overflow-hidden" data-testid="operations-list">
      {title ? <h2 className="border-b border-zinc-200 px-4 py-2 text-sm font-semibold dark:border-zinc-800">{title}</h2> : null}
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {operations.map((op) => (
          <li key={op.id} data-operation={op.id} className="grid grid-cols-[1fr_auto] items-start gap-x-3 gap-y-1 px-4 py-2 text-sm sm:grid-cols-[7rem_1fr_10rem_5rem_4rem]">
            <span className="order-2 sm:order-none">
              <OperationStatePill state={op.state} />
            </span>
            <span className="order-1 min-w-0 sm:order-none">
              <span className="font-medium">{op.label}</span> <Target op={op} />
              {op.nodeName && !compact ? <span className="text-xs text-zinc-500"> on {op.nodeName}</span> : null}
              {showRequester ? (
                <span className="block text-xs text-zinc-500" data-testid="requested-by">
                  by {op.requestedBy}
                </span>
              ) : null}
              {op.message ? (
                <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400" title={op.message}>
                  {op.message}
                </span>
              ) : null}
            </span>
            <time className="order-3 text-xs text-zinc-500 sm:order-none" dateTime={op.createdAt}>
              {formatUtcDateTime(op.createdAt)}
            </time>
            <span className="order-4 text-right text-xs tabular-nums text-zinc-500 sm:order-none sm:text-left">{formatDuration(op.startedAt, op.finishedAt)}</span>
            <Link className="order-5 text-xs underline sm:order-none" href={`/operations/${op.id}`}>
              Log
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { ClusterView } from '@kiln/services';
import { formatAge } from '@/lib/format';

/** One line per cluster whose last poll failed: the rest of the page keeps working. */
export function ClusterAlerts({ clusters }: { clusters: ClusterView[] }) {
  const bad = clusters.filter((c) => c.snapshot?.error || !c.snapshot);
  if (bad.length === 0) return null;
  return (
    <div className="space-y-2">
      {bad.map((c) => (
        <div
          key={c.clusterKey}
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
        >
          <span className="font-medium">{c.nodes.map((n) => n.name).join(', ')}</span>{' '}
          {c.snapshot?.error ? (
            <>
              is unreachable: {c.snapshot.error} {c.snapshot.fetchedAt ? `Showing data from ${formatAge(c.snapshot.fetchedAt)}.` : 'No data yet.'}
            </>
          ) : (
            <>has not been polled yet. Is the worker running?</>
          )}
        </div>
      ))}
    </div>
  );
}

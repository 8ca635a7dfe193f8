import Link from 'next/link';
import { AlertStateBadge } from './alert-list';

/** Open alerts about a container or a node, above its page's content (nothing when there are none). */
export function AlertStrip({ alerts }: { alerts: { id: string; state: 'firing' | 'acknowledged' | 'resolved'; title: string }[] }) {
  if (alerts.length === 0) return null;
  return (
    <section aria-label="Open alerts" className="mb-4 space-y-1 rounded-md border border-red-200 bg-red-50 px-4 py-3 dark:border-red-900 dark:bg-red-950/40" data-testid="alert-strip">
      {alerts.map((a) => (
        <p key={a.id} className="flex flex-wrap items-center gap-2 text-sm">
          <AlertStateBadge state={a.state} />
          <span className="break-words">{a.title}</span>
        </p>
      ))}
      <Link href="/alerts" className="text-sm underline">
        All alerts
      </Link>
    </section>
  );
}

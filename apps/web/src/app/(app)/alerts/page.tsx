import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { cn } from '@/lib/cn';
import { AlertList, KIND_LABELS } from '@/features/alerts/components/alert-list';
import { alertsFor } from '@/features/alerts/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Alerts' };

const TABS = [
  { state: 'firing', label: 'Firing' },
  { state: 'acknowledged', label: 'Acknowledged' },
  { state: 'resolved', label: 'History' },
] as const;
type TabState = (typeof TABS)[number]['state'];
const KINDS = Object.keys(KIND_LABELS) as (keyof typeof KIND_LABELS)[];

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const state: TabState = TABS.find((t) => t.state === sp.state)?.state ?? 'firing';
  const kind = KINDS.find((k) => k === sp.kind);
  const q = typeof sp.q === 'string' ? sp.q.slice(0, 100) : '';
  const alerts = await alertsFor(user.id, { state, ...(kind ? { kind } : {}), ...(q ? { q } : {}), take: 100 });
  const href = (s: TabState) => `/alerts?${new URLSearchParams({ state: s, ...(kind ? { kind } : {}), ...(q ? { q } : {}) }).toString()}`;
  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          <>
            What Kiln noticed on your nodes and containers. Rules and where notifications go:{' '}
            <Link href="/settings/notifications" className="underline">
              Settings → Notifications
            </Link>
            .
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Alert states" className="flex gap-1">
          {TABS.map((t) => (
            <Link
              key={t.state}
              href={href(t.state)}
              aria-current={t.state === state ? 'page' : undefined}
              className={cn(
                'rounded-md px-3 py-1.5 text-sm font-medium',
                t.state === state ? 'bg-kiln-50 text-kiln-700 dark:bg-kiln-700/20 dark:text-kiln-400' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800',
              )}
            >
              {t.label}
            </Link>
          ))}
        </nav>
        <form className="flex flex-wrap items-end gap-2" action="/alerts">
          <input type="hidden" name="state" value={state} />
          <label className="text-sm">
            <span className="sr-only">Kind</span>
            <select name="kind" defaultValue={kind ?? ''} className="input w-auto">
              <option value="">All kinds</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="sr-only">Search</span>
            <input name="q" defaultValue={q} placeholder="Search titles" className="input w-40" />
          </label>
          <button type="submit" className="btn-secondary">
            Filter
          </button>
        </form>
      </div>
      {alerts.length === 0 ? (
        <EmptyState title={state === 'firing' ? 'Nothing is firing' : state === 'acknowledged' ? 'No acknowledged alerts' : 'No alerts yet'}>
          {state === 'firing' ? 'Kiln checks your containers and nodes on every poll and lists what needs attention here.' : 'Alerts show here as they change state.'}
        </EmptyState>
      ) : (
        <AlertList alerts={alerts} />
      )}
    </>
  );
}

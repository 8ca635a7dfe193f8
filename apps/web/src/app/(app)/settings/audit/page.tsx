import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/features/audit/components/audit-table';
import { auditEventsFor } from '@/features/audit/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Audit log' };

const ACTIONS = [
  { value: '', label: 'All actions' },
  { value: 'auth.', label: 'Sign-in and sign-out' },
  { value: 'user.', label: 'Users' },
  { value: 'node.', label: 'Nodes' },
  { value: 'template.', label: 'Templates' },
  { value: 'container.', label: 'Containers' },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const action = ACTIONS.some((a) => a.value === sp.action) ? sp.action : '';
  const outcome = sp.outcome === 'success' || sp.outcome === 'failure' ? sp.outcome : undefined;
  const before = sp.before && /^\d+$/.test(sp.before) ? BigInt(sp.before) : undefined;
  const events = await auditEventsFor(user.id, { action: action || undefined, outcome, before, limit: 50 });
  const last = events[events.length - 1];
  return (
    <section className="card">
      <form className="flex flex-wrap items-end gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div>
          <label htmlFor="action" className="label">Action</label>
          <select id="action" name="action" defaultValue={action} className="input">
            {ACTIONS.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="outcome" className="label">Outcome</label>
          <select id="outcome" name="outcome" defaultValue={outcome ?? ''} className="input">
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
          </select>
        </div>
        <button type="submit" className="btn-secondary">Filter</button>
      </form>
      {events.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500">No events match.</p>
      ) : (
        <AuditTable events={events} />
      )}
      {events.length === 50 && last ? (
        <div className="border-t border-zinc-200 px-4 py-3 text-right dark:border-zinc-800">
          <Link className="text-sm text-kiln-700 hover:underline dark:text-kiln-400" href={{ query: { ...(action ? { action } : {}), ...(outcome ? { outcome } : {}), before: String(last.id) } }}>
            Older events →
          </Link>
        </div>
      ) : null}
    </section>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/features/audit/components/audit-table';
import { ACTION_GROUPS, PERIODS, auditFilters, filterQuery } from '@/features/audit/filters';
import { AUDIT_PAGE_SIZE, searchAudit } from '@/features/audit/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Audit log' };

/**
 * Every change the user made (nodes, templates, containers, consoles, sign-ins) and what others did
 * on their shared nodes; admins see all users' events, filterable by user. Filters live in the URL.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const f = auditFilters(await searchParams);
  const events = await searchAudit(user, f);
  const admin = user.role === 'admin';
  const last = events[events.length - 1];
  const filtered = !!(f.action || f.outcome || f.target || f.period || f.user);
  return (
    <section className="card">
      <form className="grid grid-cols-2 items-end gap-3 border-b border-zinc-200 px-4 py-3 sm:flex sm:flex-wrap dark:border-zinc-800">
        <div>
          <label htmlFor="action" className="label">
            Action
          </label>
          <select id="action" name="action" defaultValue={f.action} className="input">
            {ACTION_GROUPS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="outcome" className="label">
            Outcome
          </label>
          <select id="outcome" name="outcome" defaultValue={f.outcome ?? ''} className="input">
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
          </select>
        </div>
        <div>
          <label htmlFor="period" className="label">
            When
          </label>
          <select id="period" name="period" defaultValue={f.period} className="input">
            {PERIODS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="target" className="label">
            Target
          </label>
          <input id="target" name="target" type="search" defaultValue={f.target} placeholder="Name or id" className="input" />
        </div>
        {admin ? (
          <div>
            <label htmlFor="user" className="label">
              User
            </label>
            <input id="user" name="user" type="search" defaultValue={f.user} placeholder="All users" className="input" />
          </div>
        ) : null}
        <div className="col-span-2 flex gap-2">
          <button type="submit" className="btn-secondary">
            Filter
          </button>
          {filtered ? (
            <Link href="/settings/audit" className="btn-ghost">
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      {events.length === 0 ? <p className="px-4 py-6 text-sm text-zinc-500">{filtered ? 'No events match these filters.' : 'Nothing has been recorded yet.'}</p> : <AuditTable events={events} />}
      {events.length === AUDIT_PAGE_SIZE && last ? (
        <div className="border-t border-zinc-200 px-4 py-3 text-right dark:border-zinc-800">
          <Link className="text-sm text-kiln-700 hover:underline dark:text-kiln-400" href={{ query: filterQuery(f, { before: String(last.id) }) }}>
            Older events →
          </Link>
        </div>
      ) : null}
    </section>
  );
}

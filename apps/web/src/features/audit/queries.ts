import 'server-only';
import { searchAudit as search } from '@kiln/services';
import { deps } from '@/server/services';
import { periodStart, type AuditFilters } from './filters';

export { AUDIT_PAGE_SIZE } from '@kiln/services';

/** The audit trail the user may see, with the page's filters, newest first, keyset-paginated by id. */
export function searchAudit(user: { id: string; role: string }, f: AuditFilters) {
  return search(deps().db, user, { action: f.action, outcome: f.outcome, target: f.target, since: periodStart(f.period), user: f.user, before: f.before });
}

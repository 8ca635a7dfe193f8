import 'server-only';
import { listAuditForUser, type AuditFilter } from '@kiln/db';
import { getDb } from '@/server/services';
import { periodStart, type AuditFilters } from './filters';

export function auditEventsFor(userId: string, filter: AuditFilter) {
  return listAuditForUser(getDb(), userId, filter);
}

export const AUDIT_PAGE_SIZE = 50;

/** The user's own audit trail with the page's filters, newest first, keyset-paginated by id. */
export function searchAudit(userId: string, f: AuditFilters) {
  const since = periodStart(f.period);
  return getDb().auditEvent.findMany({
    where: {
      userId,
      ...(f.action ? { action: { startsWith: f.action } } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.target ? { OR: [{ targetName: { contains: f.target, mode: 'insensitive' as const } }, { targetId: { contains: f.target, mode: 'insensitive' as const } }] } : {}),
      ...(since ? { createdAt: { gte: since } } : {}),
      ...(f.before ? { id: { lt: f.before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: AUDIT_PAGE_SIZE,
  });
}

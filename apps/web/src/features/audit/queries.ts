import 'server-only';
import { listAuditForUser, type AuditFilter, type Prisma } from '@kiln/db';
import { visibleNodes } from '@kiln/services';
import { getDb } from '@/server/services';
import { periodStart, type AuditFilters } from './filters';

export function auditEventsFor(userId: string, filter: AuditFilter) {
  return listAuditForUser(getDb(), userId, filter);
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Whose events a user sees: an admin everyone's (or one user's, by name); anyone else their own
 * plus what others did to the nodes they own and the containers on them (shared nodes).
 */
async function scopeFor(user: { id: string; role: string }, f: AuditFilters): Promise<Prisma.AuditEventWhereInput> {
  if (user.role === 'admin') return f.user ? { actor: { equals: f.user, mode: 'insensitive' } } : {};
  const owned = (await visibleNodes(getDb(), user.id)).filter((n) => n.access === 'owner').map((n) => n.id);
  if (owned.length === 0) return { userId: user.id };
  return {
    OR: [
      { userId: user.id },
      { targetType: 'node', targetId: { in: owned } },
      ...owned.map((id) => ({ targetType: 'container', targetId: { startsWith: `${id}/` } })),
    ],
  };
}

/** The audit trail the user may see, with the page's filters, newest first, keyset-paginated by id. */
export async function searchAudit(user: { id: string; role: string }, f: AuditFilters) {
  const since = periodStart(f.period);
  return getDb().auditEvent.findMany({
    where: {
      AND: [
        await scopeFor(user, f),
        {
          ...(f.action ? { action: { startsWith: f.action } } : {}),
          ...(f.outcome ? { outcome: f.outcome } : {}),
          ...(f.target ? { OR: [{ targetName: { contains: f.target, mode: 'insensitive' as const } }, { targetId: { contains: f.target, mode: 'insensitive' as const } }] } : {}),
          ...(since ? { createdAt: { gte: since } } : {}),
          ...(f.before ? { id: { lt: f.before } } : {}),
        },
      ],
    },
    orderBy: { id: 'desc' },
    take: AUDIT_PAGE_SIZE,
  });
}

import type { AuditOutcome, Db } from '@kiln/db';
import { visibleNodes } from '../nodes/access';
import { auditScope } from './scope';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditSearch {
  /** Prefix of the action ("node.", "container.create"). */
  action?: string;
  outcome?: AuditOutcome;
  /** Matches the target's name or id (case-insensitive, contains). */
  target?: string;
  since?: Date;
  /** Admins only: one user's events, by user name. */
  user?: string;
  /** Keyset cursor: events older than this id. */
  before?: bigint;
}

/** The audit trail the viewer may see (see auditScope), filtered, newest first, one page. */
export async function searchAudit(db: Db, viewer: { id: string; role: string }, f: AuditSearch) {
  const owned = viewer.role === 'admin' ? [] : (await visibleNodes(db, viewer.id)).filter((n) => n.access === 'owner').map((n) => n.id);
  return db.auditEvent.findMany({
    where: {
      AND: [
        auditScope(viewer, owned, f.user || undefined),
        {
          ...(f.action ? { action: { startsWith: f.action } } : {}),
          ...(f.outcome ? { outcome: f.outcome } : {}),
          ...(f.target ? { OR: [{ targetName: { contains: f.target, mode: 'insensitive' as const } }, { targetId: { contains: f.target, mode: 'insensitive' as const } }] } : {}),
          ...(f.since ? { createdAt: { gte: f.since } } : {}),
          ...(f.before ? { id: { lt: f.before } } : {}),
        },
      ],
    },
    orderBy: { id: 'desc' },
    take: AUDIT_PAGE_SIZE,
  });
}

import type { Prisma, PrismaClient } from '../generated/client';
import type { AuditOutcome } from '../generated/enums';

export interface AuditInput {
  userId: string | null;
  actor: string;
  action: string;
  outcome: AuditOutcome;
  targetType?: string;
  targetId?: string;
  targetName?: string;
  /** Must never contain secrets: callers pass ids, names and error messages only. */
  detail?: Prisma.InputJsonValue;
  ip?: string;
}

export async function recordAudit(db: PrismaClient, input: AuditInput): Promise<void> {
  await db.auditEvent.create({ data: input });
}

export interface AuditFilter {
  action?: string;
  outcome?: AuditOutcome;
  targetType?: string;
  before?: bigint;
  limit?: number;
}

/** A user's own audit trail, newest first, keyset-paginated by id. */
export function listAuditForUser(db: PrismaClient, userId: string, f: AuditFilter = {}) {
  return db.auditEvent.findMany({
    where: {
      userId,
      ...(f.action ? { action: { startsWith: f.action } } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.targetType ? { targetType: f.targetType } : {}),
      ...(f.before ? { id: { lt: f.before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: Math.min(f.limit ?? 50, 200),
  });
}

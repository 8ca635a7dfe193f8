import 'server-only';
import { listAuditForUser, type AuditFilter } from '@kiln/db';
import { getDb } from '@/server/services';

export function auditEventsFor(userId: string, filter: AuditFilter) {
  return listAuditForUser(getDb(), userId, filter);
}

import 'server-only';
import { listAuditForUser, visibleNodeWhere } from '@kiln/db';
import { getDb } from '@/server/services';

export async function dashboardSummary(userId: string) {
  const db = getDb();
  const [nodes, byLifecycle, templates, recent] = await Promise.all([
    db.node.count({ where: visibleNodeWhere(userId) }),
    db.container.groupBy({ by: ['lifecycle'], where: { node: visibleNodeWhere(userId) }, _count: { _all: true } }),
    db.template.count({ where: { OR: [{ userId }, { builtin: true }] } }),
    listAuditForUser(db, userId, { limit: 8 }),
  ]);
  const containers = Object.fromEntries(byLifecycle.map((r) => [r.lifecycle, r._count._all])) as Partial<Record<string, number>>;
  return { nodes, containers, templates, recent };
}

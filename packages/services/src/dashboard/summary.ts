import { listAuditForUser, type Db } from '@kiln/db';
import { visibleTo } from '../scopes';

/** The dashboard's counts (nodes, Kiln's containers by lifecycle, templates) and recent activity. */
export async function dashboardSummary(db: Db, userId: string) {
  const scope = visibleTo(userId);
  const [nodes, byLifecycle, templates, recent] = await Promise.all([
    db.node.count({ where: scope.nodes }),
    db.container.groupBy({ by: ['lifecycle'], where: scope.containers, _count: { _all: true } }),
    db.template.count({ where: scope.templates }),
    listAuditForUser(db, userId, { limit: 8 }),
  ]);
  const containers = Object.fromEntries(byLifecycle.map((r) => [r.lifecycle, r._count._all])) as Partial<Record<string, number>>;
  return { nodes, containers, templates, recent };
}

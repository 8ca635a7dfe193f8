import { getNodeOrThrow, listNodes, type Db } from '@kiln/db';
import type { DataDeps } from '../deps';
import { clusterKeyOf } from '../inventory/clusters';
import { readSnapshots } from '../inventory/snapshot-cache';

export type NodeHealth = { state: 'ok' | 'degraded' | 'unknown'; message?: string; fetchedAt: number | null };

/** The user's own nodes with their health as the poller last saw it (no secrets). */
export async function nodesWithHealth(deps: DataDeps, userId: string) {
  const nodes = await listNodes(deps.db, userId);
  if (nodes.length === 0) return [];
  const snaps = await readSnapshots(deps.redis, nodes.map(clusterKeyOf));
  return nodes.map((n, i) => {
    const snap = snaps[i];
    const health: NodeHealth = !snap
      ? { state: 'unknown', fetchedAt: null }
      : snap.error
        ? { state: 'degraded', message: snap.error, fetchedAt: snap.fetchedAt }
        : { state: 'ok', fetchedAt: snap.fetchedAt };
    return { ...n, health };
  });
}

/**
 * The owner's view of a node to edit (shared users get NOT_FOUND: they never see its settings),
 * with whether each SSH secret is stored: only that reaches the browser, never the secrets.
 */
export async function nodeForEdit(db: Db, userId: string, nodeId: string) {
  const node = await getNodeOrThrow(db, userId, nodeId);
  const secrets = await db.node.findUniqueOrThrow({ where: { id: node.id }, select: { sshPasswordEnc: true, sshPrivateKeyEnc: true } });
  return { ...node, stored: { sshPassword: !!secrets.sshPasswordEnc, sshKey: !!secrets.sshPrivateKeyEnc } };
}

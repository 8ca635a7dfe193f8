import 'server-only';
import { cache } from 'react';
import { getNodeOrThrow, listNodes, visibleNodeWhere } from '@kiln/db';
import { renderPveumCommands } from '@kiln/pve';
import { clusterKeyOf, resourcesKey, visibleNodes, type ClusterSnapshot } from '@kiln/services';
import { nodeShares } from '@/server/nodes';
import { getDb, getRedis } from '@/server/services';

export type NodeHealth = { state: 'ok' | 'degraded' | 'unknown'; message?: string; fetchedAt: number | null };

/** The user's nodes with their health as the poller last saw it (no secrets). */
export async function nodesWithHealth(userId: string) {
  const nodes = await listNodes(getDb(), userId);
  if (nodes.length === 0) return [];
  const raw = await getRedis().mget(...nodes.map((n) => resourcesKey(clusterKeyOf(n))));
  return nodes.map((n, i) => {
    const snap = raw[i] ? (JSON.parse(raw[i]!) as ClusterSnapshot) : null;
    const health: NodeHealth = !snap ? { state: 'unknown', fetchedAt: null } : snap.error ? { state: 'degraded', message: snap.error, fetchedAt: snap.fetchedAt } : { state: 'ok', fetchedAt: snap.fetchedAt };
    return { ...n, health };
  });
}

/** The owner's view of a node to edit (shared users get NOT_FOUND: they never see its settings). */
export function nodeForEdit(userId: string, nodeId: string) {
  return getNodeOrThrow(getDb(), userId, nodeId);
}

/** Who else may use the node (the owner's view; anyone else gets NOT_FOUND or FORBIDDEN). */
export async function sharesOf(user: { id: string; username: string }, nodeId: string) {
  const rows = await nodeShares().list({ id: user.id, username: user.username }, nodeId);
  return rows.map((r) => ({ userId: r.userId, username: r.username, role: r.role }));
}

/** The nodes the user can use (own and shared), looked up once per request: the app layout and the pages both need them. */
export const userNodes = cache((userId: string) => visibleNodes(getDb(), userId));

/** Nodes other users shared with this user, read-only here (the owner manages them). */
export async function sharedWithMe(userId: string) {
  return (await userNodes(userId)).filter((n) => n.access !== 'owner');
}

/** Nodes the user can use (own or shared): none shows the "add a node" banner. */
export async function nodeCount(userId: string): Promise<number> {
  return (await userNodes(userId)).length;
}

export function leastPrivilegeCommands() {
  return renderPveumCommands();
}

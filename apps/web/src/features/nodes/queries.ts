import 'server-only';
import { cache } from 'react';
import { getNodeOrThrow, listNodes } from '@kiln/db';
import { renderPveumCommands } from '@kiln/pve';
import { clusterKeyOf, resourcesKey, type ClusterSnapshot } from '@kiln/services';
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

export function nodeForEdit(userId: string, nodeId: string) {
  return getNodeOrThrow(getDb(), userId, nodeId);
}

/** The user's nodes, looked up once per request: the app layout and the pages both need them. */
export const userNodes = cache((userId: string) => listNodes(getDb(), userId));

export async function nodeCount(userId: string): Promise<number> {
  return (await userNodes(userId)).length;
}

export function leastPrivilegeCommands() {
  return renderPveumCommands();
}

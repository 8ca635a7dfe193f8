import 'server-only';
import { cache } from 'react';
import { renderPveumCommands } from '@kiln/pve';
import { nodeForEdit as editableNode, nodesWithHealth as healthOfNodes, visibleNodes, type NodeHealth } from '@kiln/services';
import { deps, nodeShares } from '@/server/services';

export type { NodeHealth };

/** The user's nodes with their health as the poller last saw it (no secrets). */
export function nodesWithHealth(userId: string) {
  return healthOfNodes(deps(), userId);
}

/** The owner's view of a node to edit, with which secrets are stored (shared users get NOT_FOUND). */
export function nodeForEdit(userId: string, nodeId: string) {
  return editableNode(deps().db, userId, nodeId);
}

/** Who else may use the node (the owner's view; anyone else gets NOT_FOUND or FORBIDDEN). */
export async function sharesOf(user: { id: string; username: string }, nodeId: string) {
  const rows = await nodeShares().list({ id: user.id, username: user.username }, nodeId);
  return rows.map((r) => ({ userId: r.userId, username: r.username, role: r.role }));
}

/** The nodes the user can use (own and shared), looked up once per request: the app layout and the pages both need them. */
export const userNodes = cache((userId: string) => visibleNodes(deps().db, userId));

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

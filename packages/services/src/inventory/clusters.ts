import type { Node } from '@kiln/db';

/**
 * Registered nodes of one user that belong to the same PVE cluster answer the same
 * /cluster/resources: they are polled once, through the first node that works.
 */
export function clusterKeyOf(node: Pick<Node, 'id' | 'userId' | 'clusterName'>): string {
  return node.clusterName ? `${node.userId}:c:${node.clusterName}` : `${node.userId}:n:${node.id}`;
}

export function groupByCluster<T extends Pick<Node, 'id' | 'userId' | 'clusterName'>>(nodes: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const n of nodes) {
    const key = clusterKeyOf(n);
    const list = groups.get(key) ?? [];
    list.push(n);
    groups.set(key, list);
  }
  return groups;
}

import type { Db, NodeRole, VisibleNode } from '@kiln/db';
import { visibleNodes } from '../nodes/access';
import type { Redis } from '@kiln/redis';
import { groupByCluster } from './clusters';
import { INTEREST_SECONDS, INTEREST_ZSET, resourcesKey } from './keys';
import type { ClusterSnapshot, GuestRow, NodeRow } from './snapshot';

export interface ClusterView {
  clusterKey: string;
  /** Kiln's registered nodes in this cluster the user can see (own or shared with them). */
  nodes: VisibleNode[];
  snapshot: ClusterSnapshot | null;
}

export interface InventoryRow extends GuestRow {
  /** Registered Kiln node the row came through. */
  nodeId: string;
  kilnNodeName: string;
  /** The user's role on that node. */
  access: NodeRole;
  /** The owner's name when the node is shared with the user. */
  sharedBy?: string;
  kiln?: {
    containerId: string;
    lifecycle: 'creating' | 'ready' | 'error' | 'deleted';
    templateSlug: string | null;
    templateVersion: string | null;
    step?: string;
  };
}

export interface Inventory {
  clusters: ClusterView[];
  rows: InventoryRow[];
  nodeRows: (NodeRow & { nodeId: string; clusterKey: string; sharedBy?: string })[];
}

/**
 * Marks the user's clusters as looked at (so the worker keeps polling them) and reads what the
 * poller cached. Pages never call Proxmox themselves. On a first visit the cache may be empty:
 * wait briefly for the worker's first poll.
 */
export async function readInventory(db: Db, redis: Redis, userId: string, opts: { waitMs?: number } = {}): Promise<Inventory> {
  const nodes = await visibleNodes(db, userId);
  const groups = groupByCluster(nodes);
  const keys = [...groups.keys()];
  if (keys.length > 0) {
    const until = Date.now() + INTEREST_SECONDS * 1000;
    const tx = redis.multi();
    for (const k of keys) tx.zadd(INTEREST_ZSET, until, k);
    await tx.expire(INTEREST_ZSET, INTEREST_SECONDS * 2).exec();
  }
  const snaps = await readSnapshots(redis, keys, opts.waitMs ?? 3000);
  const clusters: ClusterView[] = keys.map((k, i) => ({ clusterKey: k, nodes: groups.get(k)!, snapshot: snaps[i] ?? null }));

  const kilnRows = await db.container.findMany({
    where: { nodeId: { in: nodes.map((n) => n.id) }, lifecycle: { not: 'deleted' } },
    select: { id: true, nodeId: true, vmid: true, hostname: true, pveNode: true, lifecycle: true, templateSlug: true, templateVersion: true, steps: { where: { state: 'running' }, select: { title: true }, take: 1 } },
  });
  const kilnByKey = new Map(kilnRows.map((c) => [`${c.nodeId}:${c.vmid}`, c]));
  const rows: InventoryRow[] = [];
  const nodeRows: Inventory['nodeRows'] = [];
  for (const c of clusters) {
    const ids = new Set(c.nodes.map((n) => n.id));
    const via = c.nodes.find((n) => n.id === c.snapshot?.viaNodeId) ?? c.nodes[0]!;
    const share = { access: via.access, sharedBy: via.access === 'owner' ? undefined : via.ownerName };
    const seen = new Set<number>();
    for (const g of c.snapshot?.guests ?? []) {
      if (g.type !== 'lxc' || g.template) continue;
      seen.add(g.vmid);
      const k = [...ids].map((id) => kilnByKey.get(`${id}:${g.vmid}`)).find(Boolean);
      rows.push({ ...g, nodeId: k?.nodeId ?? via.id, kilnNodeName: via.name, ...share, kiln: k ? { containerId: k.id, lifecycle: k.lifecycle, templateSlug: k.templateSlug, templateVersion: k.templateVersion, step: k.steps[0]?.title } : undefined });
    }
    // Rows Kiln is creating show up at once, before Proxmox lists them.
    for (const k of kilnRows) {
      if (!ids.has(k.nodeId) || seen.has(k.vmid) || k.lifecycle === 'ready') continue;
      rows.push({ vmid: k.vmid, type: 'lxc', name: k.hostname, node: k.pveNode, status: k.lifecycle === 'creating' ? 'creating' : 'error', tags: [], template: false, nodeId: k.nodeId, kilnNodeName: via.name, ...share, kiln: { containerId: k.id, lifecycle: k.lifecycle, templateSlug: k.templateSlug, templateVersion: k.templateVersion, step: k.steps[0]?.title } });
    }
    for (const n of c.snapshot?.nodes ?? []) nodeRows.push({ ...n, nodeId: via.id, clusterKey: c.clusterKey, sharedBy: share.sharedBy });
  }
  return { clusters, rows, nodeRows };
}

async function readSnapshots(redis: Redis, keys: string[], waitMs: number): Promise<(ClusterSnapshot | null)[]> {
  if (keys.length === 0) return [];
  const deadline = Date.now() + waitMs;
  for (;;) {
    const raw = await redis.mget(...keys.map(resourcesKey));
    const snaps = raw.map((r) => (r ? (JSON.parse(r) as ClusterSnapshot) : null));
    if (snaps.every((s) => s !== null) || Date.now() >= deadline) return snaps;
    await new Promise((r) => setTimeout(r, 150));
  }
}

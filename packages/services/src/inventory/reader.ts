import { listKilnRows, type Db, type KilnRow } from '@kiln/db';
import type { NodeRole, VisibleNode } from '../nodes/access';
import { visibleNodes } from '../nodes/access';
import type { Redis } from '@kiln/redis';
import { groupByCluster } from './clusters';
import { INTEREST_SECONDS, INTEREST_ZSET } from '../keys';
import { isUnnamedContainer, type ClusterSnapshot, type GuestRow, type NodeRow } from './snapshot';
import { readSnapshots } from './snapshot-cache';

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

interface GuestRows {
  rows: InventoryRow[];
  vmids: Set<number>;
}

/**
 * A snapshot's guests (containers and VMs, not templates) as table rows, built once per snapshot version and registered node
 * (snapshots are cached and shared, see snapshot-cache): each page view then only overlays the
 * user's few Kiln rows. Shared objects: read only.
 */
const guestRowsCache = new WeakMap<ClusterSnapshot, Map<string, GuestRows>>();

function guestRowsOf(snap: ClusterSnapshot, via: Pick<VisibleNode, 'id' | 'name'>, share: { access: NodeRole; sharedBy?: string }): GuestRows {
  const byVia = guestRowsCache.get(snap) ?? new Map<string, GuestRows>();
  guestRowsCache.set(snap, byVia);
  // The viewer's role is part of the row, so it is part of the key (an owner and a viewer of one node differ).
  const key = `${via.id}|${via.name}|${share.access}|${share.sharedBy ?? ''}`;
  let out = byVia.get(key);
  if (!out) {
    const rows = snap.guests.filter((g) => !g.template).map((g): InventoryRow => ({ ...g, nodeId: via.id, kilnNodeName: via.name, ...share }));
    out = { rows, vmids: new Set(rows.map((r) => r.vmid)) };
    byVia.set(key, out);
  }
  return out;
}

/** When this process last marked each cluster as looked at (ms epoch). */
const markedAt = new Map<string, number>();
/** Re-marking more often than this buys nothing: the mark lasts INTEREST_SECONDS. */
const REMARK_MS = 15_000;

/**
 * Keeps the worker polling these clusters: one Redis write per cluster per 15 s, not per page
 * view. `unpolled` clusters are marked at once (a first visit must not wait for the throttle).
 */
async function markInterest(redis: Redis, keys: string[], unpolled: Set<string>): Promise<void> {
  const now = Date.now();
  const due = keys.filter((k) => unpolled.has(k) || now - (markedAt.get(k) ?? 0) >= REMARK_MS);
  if (due.length === 0) return;
  const until = now + INTEREST_SECONDS * 1000;
  const tx = redis.multi();
  for (const k of due) tx.zadd(INTEREST_ZSET, until, k);
  await tx.expire(INTEREST_ZSET, INTEREST_SECONDS * 2).exec();
  for (const k of due) markedAt.set(k, now);
  if (markedAt.size > 10_000) markedAt.clear(); // a bound, not a policy: the next views re-mark
}

/**
 * Marks the user's clusters as looked at (so the worker keeps polling them) and reads what the
 * poller cached. Pages never call Proxmox themselves. On a first visit the cache may be empty:
 * wait briefly for the worker's first poll. `nodes` saves the lookup when the caller has them.
 */
export async function readInventory(db: Db, redis: Redis, userId: string, opts: { waitMs?: number; nodes?: VisibleNode[] } = {}): Promise<Inventory> {
  const nodes = opts.nodes ?? (await visibleNodes(db, userId));
  const groups = groupByCluster(nodes);
  const keys = [...groups.keys()];
  let snaps = await readSnapshots(redis, keys);
  await markInterest(redis, keys, new Set(keys.filter((_, i) => !snaps[i])));
  if (snaps.some((s) => !s)) snaps = await waitForSnapshots(redis, keys, opts.waitMs ?? 3000);
  const clusters: ClusterView[] = keys.map((k, i) => ({ clusterKey: k, nodes: groups.get(k)!, snapshot: snaps[i] ?? null }));

  const kilnRows = await listKilnRows(
    db,
    nodes.map((n) => n.id),
  );
  return { clusters, ...rowsOf(userId, clusters, kilnRows) };
}

/**
 * The rows last built for each user, reused while everything they are made of is unchanged (the
 * same snapshot objects, the same nodes and roles, the same Kiln rows): a page view then skips
 * rebuilding 900 rows, and pages can memoize what they derive from the array by its identity.
 * Shared: read only. Bounded, least recently used out first.
 */
const builtRows = new Map<string, { keys: string[]; snaps: (ClusterSnapshot | null)[]; nodes: NodeKey[][]; kilnRows: KilnRow[]; built: Pick<Inventory, 'rows' | 'nodeRows'> }>();
const BUILT_MAX = 500;

/** What of a visible node goes into its rows. */
type NodeKey = Pick<VisibleNode, 'id' | 'name' | 'access' | 'ownerName'>;

const nodeKey = (n: VisibleNode): NodeKey => ({ id: n.id, name: n.name, access: n.access, ownerName: n.ownerName });

/** Field by field equality of two lists of flat records (no string built per view). */
function sameRecords<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Record<string, unknown>;
    const y = b[i] as Record<string, unknown>;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const k of keys) if (x[k] !== y[k]) return false;
  }
  return true;
}

function rowsOf(userId: string, clusters: ClusterView[], kilnRows: KilnRow[]): Pick<Inventory, 'rows' | 'nodeRows'> {
  const keys = clusters.map((c) => c.clusterKey);
  const snaps = clusters.map((c) => c.snapshot);
  const nodes = clusters.map((c) => c.nodes.map(nodeKey));
  const hit = builtRows.get(userId);
  builtRows.delete(userId);
  if (hit && hit.keys.length === keys.length && hit.keys.every((k, i) => k === keys[i] && hit.snaps[i] === snaps[i] && sameRecords(hit.nodes[i]!, nodes[i]!)) && sameRecords(hit.kilnRows, kilnRows)) {
    builtRows.set(userId, hit);
    return hit.built;
  }
  const built = buildRows(clusters, kilnRows);
  builtRows.set(userId, { keys, snaps, nodes, kilnRows, built });
  if (builtRows.size > BUILT_MAX) builtRows.delete(builtRows.keys().next().value!);
  return built;
}

/** The table's rows: each cluster's guests with the user's Kiln rows laid over them (exported for its tests). */
export function buildRows(clusters: ClusterView[], kilnRows: KilnRow[]): Pick<Inventory, 'rows' | 'nodeRows'> {
  // By VMID: 900 guests are matched without building a key string per guest and node.
  const kilnByVmid = new Map<number, typeof kilnRows>();
  for (const c of kilnRows) kilnByVmid.set(c.vmid, [...(kilnByVmid.get(c.vmid) ?? []), c]);
  const rows: InventoryRow[] = [];
  const nodeRows: Inventory['nodeRows'] = [];
  for (const c of clusters) {
    const ids = new Set(c.nodes.map((n) => n.id));
    const via = c.nodes.find((n) => n.id === c.snapshot?.viaNodeId) ?? c.nodes[0]!;
    const share = { access: via.access, sharedBy: via.access === 'owner' ? undefined : via.ownerName };
    const base = c.snapshot ? guestRowsOf(c.snapshot, via, share) : { rows: [], vmids: new Set<number>() };
    for (const row of base.rows) {
      // Kiln creates containers only: a VM never carries a Kiln row (even one of a deleted CT with its VMID)
      const k = row.type === 'lxc' ? kilnByVmid.get(row.vmid)?.findLast((c) => ids.has(c.nodeId)) : undefined;
      if (!k) {
        rows.push(row);
        continue;
      }
      // A guest PVE just created is listed before pvestatd broadcast it: no name and status unknown.
      // Kiln knows both meanwhile (as the container page does), so a search by name keeps finding it.
      rows.push({
        ...row,
        ...(isUnnamedContainer(row.name, row.vmid) ? { name: k.hostname } : {}),
        ...(row.status === 'unknown' && k.lifecycle === 'creating' ? { status: 'creating' } : {}),
        nodeId: k.nodeId,
        kiln: { containerId: k.id, lifecycle: k.lifecycle, templateSlug: k.templateSlug, templateVersion: k.templateVersion, step: k.step ?? undefined },
      });
    }
    // Rows Kiln is creating show up at once, before Proxmox lists them.
    for (const k of kilnRows) {
      if (!ids.has(k.nodeId) || base.vmids.has(k.vmid) || k.lifecycle === 'ready') continue;
      rows.push({
        vmid: k.vmid,
        type: 'lxc',
        name: k.hostname,
        node: k.pveNode,
        status: k.lifecycle === 'creating' ? 'creating' : 'error',
        tags: [],
        template: false,
        nodeId: k.nodeId,
        kilnNodeName: via.name,
        ...share,
        kiln: { containerId: k.id, lifecycle: k.lifecycle, templateSlug: k.templateSlug, templateVersion: k.templateVersion, step: k.step ?? undefined },
      });
    }
    for (const n of c.snapshot?.nodes ?? []) nodeRows.push({ ...n, nodeId: via.id, clusterKey: c.clusterKey, sharedBy: share.sharedBy });
  }
  return { rows, nodeRows };
}

async function waitForSnapshots(redis: Redis, keys: string[], waitMs: number): Promise<(ClusterSnapshot | null)[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const snaps = await readSnapshots(redis, keys);
    if (snaps.every((s) => s !== null) || Date.now() >= deadline) return snaps;
    await new Promise((r) => setTimeout(r, 150));
  }
}

import { NotFoundError } from '@kiln/core';
import type { Container, Db, Node } from '@kiln/db';
import type { PveClient } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import { clusterKeyOf } from '../inventory/clusters';
import { guestRowOf, type GuestRow } from '../inventory/snapshot';
import { readSnapshots } from '../inventory/snapshot-cache';
import { nodeForRole, visibleNodes, type NodeRole } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { pveBudget } from './budget';

/** A container as the routes name it: the registered node it was reached through, and its VMID. */
export interface ContainerRef {
  nodeId: string;
  vmid: number;
}

/**
 * Where a container lives and how to reach it. Server-side only: `node` carries ciphertexts.
 * `guest` is absent when Proxmox VE does not list the VMID (deleted, or not created yet).
 */
export interface LocatedContainer {
  ref: ContainerRef;
  node: Node;
  /** The caller's role on the node (see nodes/access). */
  access: NodeRole;
  pve: PveClient;
  clusterKey: string;
  /** Registered nodes of the same cluster (the SSH side picks the one on the container's PVE node). */
  clusterNodeIds: string[];
  /** PVE node the container runs on. */
  pveNode: string | undefined;
  guest: GuestRow | undefined;
  /** The latest Kiln row for this VMID in this cluster, whoever created it (a deleted one keeps its history). */
  kiln: Container | undefined;
  /** Age of the cached guest row (ms epoch of the poll), when it came from the cache. */
  cachedAt: number | null;
}

export interface LocateDeps {
  db: Db;
  redis: Redis;
}

/** Which guests a lookup accepts: containers (the default), VMs, or either. */
export type GuestKind = 'lxc' | 'qemu' | 'any';
const isKind = (type: string, kind: GuestKind): boolean => kind === 'any' || type === kind;

async function cachedGuest(redis: Redis, clusterKey: string, vmid: number, kind: GuestKind): Promise<{ guest?: GuestRow; fetchedAt: number | null }> {
  const [snap] = await readSnapshots(redis, [clusterKey]);
  if (!snap) return { fetchedAt: null };
  return { guest: snap.guests.find((g) => g.vmid === vmid && isKind(g.type, kind)), fetchedAt: snap.fetchedAt };
}

async function liveGuest(pve: PveClient, vmid: number, kind: GuestKind, budgetMs?: number): Promise<GuestRow | undefined> {
  const r = (await pve.clusterResources('vm', budgetMs ? pveBudget(budgetMs)() : { timeoutMs: 10_000 })).find((g) => g.vmid === vmid && isKind(g.type, kind));
  return r ? guestRowOf(r) : undefined;
}

/**
 * Resolves a container the user may reach with at least `need` (default: viewer) on its node. A
 * node without any role looks missing; too small a role is refused (nodes/access).
 * `fresh` asks Proxmox VE instead of the poller's cache (actions want the truth, pages want speed);
 * `timeoutMs` bounds that question (pages cannot wait on a hung node).
 */
export async function locateContainer(deps: LocateDeps, userId: string, ref: ContainerRef, opts: LocateOptions = {}): Promise<LocatedContainer> {
  const { node, access } = await nodeForRole(deps.db, userId, ref.nodeId, opts.need ?? 'viewer');
  const clusterKey = clusterKeyOf(node);
  const clusterNodeIds = (await visibleNodes(deps.db, userId)).filter((n) => clusterKeyOf(n) === clusterKey).map((n) => n.id);
  const pve = pveClientForNode(node);
  const kiln =
    (await deps.db.container.findFirst({
      where: { vmid: ref.vmid, nodeId: { in: clusterNodeIds } },
      orderBy: [{ deletedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    })) ?? undefined;

  let guest: GuestRow | undefined;
  let cachedAt: number | null = null;
  if (!opts.fresh) {
    const c = await cachedGuest(deps.redis, clusterKey, ref.vmid, opts.type ?? 'lxc');
    guest = c.guest;
    cachedAt = c.guest ? c.fetchedAt : null;
  }
  if (!guest) {
    guest = await liveGuest(pve, ref.vmid, opts.type ?? 'lxc', opts.timeoutMs);
    cachedAt = null;
  }
  const live = kiln && kiln.lifecycle !== 'deleted' ? kiln : undefined;
  return { ref, node, access, pve, clusterKey, clusterNodeIds, pveNode: guest?.node ?? live?.pveNode, guest, kiln, cachedAt };
}

export interface LocateOptions {
  fresh?: boolean;
  timeoutMs?: number;
  /** The least role on the node the caller needs: viewer to read, operator to act. */
  need?: NodeRole;
  /** Containers only (default), VMs only, or either (metrics). */
  type?: GuestKind;
}

/** Like locateContainer, but the container must exist on Proxmox VE. */
export async function locateExistingContainer(deps: LocateDeps, userId: string, ref: ContainerRef, opts: LocateOptions = {}): Promise<LocatedContainer & { pveNode: string; guest: GuestRow }> {
  const loc = await locateContainer(deps, userId, ref, opts);
  if (!loc.guest || !loc.pveNode) throw new NotFoundError(opts.type === 'qemu' ? 'VM' : 'Container');
  return loc as LocatedContainer & { pveNode: string; guest: GuestRow };
}

/**
 * locateContainer for many VMIDs reached through one registered node, with one live question to
 * Proxmox VE and one database query (bulk operations: 100 containers must not cost 100 calls).
 */
export async function locateContainers(deps: LocateDeps, userId: string, nodeId: string, vmids: number[], need: NodeRole): Promise<Map<number, LocatedContainer>> {
  const { node, access } = await nodeForRole(deps.db, userId, nodeId, need);
  const clusterKey = clusterKeyOf(node);
  const clusterNodeIds = (await visibleNodes(deps.db, userId)).filter((n) => clusterKeyOf(n) === clusterKey).map((n) => n.id);
  const pve = pveClientForNode(node);
  const wanted = new Set(vmids);
  const rows = await deps.db.container.findMany({
    where: { vmid: { in: vmids }, nodeId: { in: clusterNodeIds } },
    orderBy: [{ deletedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  });
  const guests = new Map<number, GuestRow>();
  for (const r of await pve.clusterResources('vm', { timeoutMs: 10_000 })) {
    if (r.type === 'lxc' && wanted.has(r.vmid)) guests.set(r.vmid, guestRowOf(r));
  }
  const out = new Map<number, LocatedContainer>();
  for (const vmid of wanted) {
    const kiln = rows.find((c) => c.vmid === vmid);
    const guest = guests.get(vmid);
    const live = kiln && kiln.lifecycle !== 'deleted' ? kiln : undefined;
    out.set(vmid, { ref: { nodeId, vmid }, node, access, pve, clusterKey, clusterNodeIds, pveNode: guest?.node ?? live?.pveNode, guest, kiln, cachedAt: null });
  }
  return out;
}

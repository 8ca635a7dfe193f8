import { isAppError } from '@kiln/core';
import type { Db } from '@kiln/db';
import type { PveError } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import { nodeForRole, visibleNodes } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { clusterKeyOf } from '../inventory/clusters';
import { VMID_CACHE_TTL_SECONDS, vmidCacheKey, vmidNamesKey } from '../keys';
import { vmidRangeError } from '../schemas/vmid';

export type VmidCheck = { ok: true; vmid: number } | { ok: false; vmid?: number; message: string };

/**
 * VMID validation for the wizard: a Redis SET of the cluster's used ids (`vmid-cache:{nodeId}`,
 * 5 minutes), refreshed when the wizard opens and dropped on create and delete; the final word
 * is PVE's `/cluster/nextid?vmid=N` at submit.
 */
export class VmidService {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
  ) {}

  /** Reloads the used VMIDs of the node's cluster (plus ids Kiln is about to use). */
  async refresh(userId: string, nodeId: string): Promise<number> {
    const node = await this.nodeFor(userId, nodeId);
    const guests = await pveClientForNode(node).clusterResources('vm');
    const pending = await this.db.container.findMany({ where: { nodeId, lifecycle: 'creating' }, select: { vmid: true } });
    const ids = [...guests.map((g) => g.vmid), ...pending.map((p) => p.vmid)];
    const key = vmidCacheKey(nodeId);
    const names = vmidNamesKey(nodeId);
    const tx = this.redis.multi().del(key, names);
    if (ids.length) tx.sadd(key, ...ids.map(String));
    else tx.sadd(key, '0'); // an empty cluster still has a (non-empty) cache entry
    if (guests.length) tx.hset(names, Object.fromEntries(guests.map((g) => [String(g.vmid), `${g.name ?? ''}|${g.type}|${g.node}`])));
    await tx.expire(key, VMID_CACHE_TTL_SECONDS).expire(names, VMID_CACHE_TTL_SECONDS).exec();
    return ids.length;
  }

  async check(userId: string, nodeId: string, value: unknown): Promise<VmidCheck> {
    const rangeError = vmidRangeError(value);
    if (rangeError) return { ok: false, message: rangeError };
    const vmid = Number(value);
    await this.nodeFor(userId, nodeId);
    const key = vmidCacheKey(nodeId);
    let [exists, taken] = await this.redis
      .multi()
      .exists(key)
      .sismember(key, String(vmid))
      .exec()
      .then((r) => [r?.[0]?.[1] === 1, r?.[1]?.[1] === 1]);
    if (!exists) {
      await this.refresh(userId, nodeId);
      taken = (await this.redis.sismember(key, String(vmid))) === 1;
    }
    if (!taken) return { ok: true, vmid };
    return { ok: false, vmid, message: await this.describeHolder(nodeId, vmid) };
  }

  /** At submit: PVE itself confirms the id is free in the whole cluster. */
  async confirm(userId: string, nodeId: string, vmid: number): Promise<VmidCheck> {
    const node = await this.nodeFor(userId, nodeId);
    try {
      await pveClientForNode(node).nextId(vmid);
      return { ok: true, vmid };
    } catch (e) {
      if (isAppError(e) && e.code === 'PVE' && (e as PveError).kind === 'already-exists') {
        await this.invalidate(userId, nodeId);
        return { ok: false, vmid, message: await this.describeHolder(nodeId, vmid) };
      }
      throw e;
    }
  }

  async nextFree(userId: string, nodeId: string): Promise<number> {
    const node = await this.nodeFor(userId, nodeId);
    const pending = new Set((await this.db.container.findMany({ where: { nodeId, lifecycle: 'creating' }, select: { vmid: true } })).map((p) => p.vmid));
    let id = await pveClientForNode(node).nextId();
    while (pending.has(id)) id++;
    return id;
  }

  /** Drops the cache of every registered node of the same cluster (after a create or delete). */
  async invalidate(userId: string, nodeId: string): Promise<void> {
    const nodes = await visibleNodes(this.db, userId);
    const me = nodes.find((n) => n.id === nodeId);
    const key = me ? clusterKeyOf(me) : undefined;
    const ids = nodes.filter((n) => n.id === nodeId || (key && clusterKeyOf(n) === key)).flatMap((n) => [vmidCacheKey(n.id), vmidNamesKey(n.id)]);
    if (ids.length) await this.redis.del(...ids);
  }

  /** VMIDs serve creation: owners and operators of the node only. */
  private async nodeFor(userId: string, nodeId: string) {
    return (await nodeForRole(this.db, userId, nodeId, 'operator')).node;
  }

  private async describeHolder(nodeId: string, vmid: number): Promise<string> {
    const kiln = await this.db.container.findFirst({ where: { nodeId, vmid, lifecycle: { not: 'deleted' } }, select: { hostname: true, pveNode: true } });
    if (kiln) return `VMID ${vmid} is taken by ${kiln.hostname} (on ${kiln.pveNode}).`;
    const holder = await this.redis.hget(vmidNamesKey(nodeId), String(vmid));
    if (holder) {
      const [name, type, node] = holder.split('|');
      return `VMID ${vmid} is taken by ${name || `guest ${vmid}`} (${type === 'lxc' ? 'container' : 'VM'} on ${node}).`;
    }
    return `VMID ${vmid} is already in use in this cluster.`;
  }
}

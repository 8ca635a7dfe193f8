import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { parseNet } from '@kiln/pve';
import { pveBudget } from '../containers/budget';
import { readInventory } from '../inventory/reader';
import type { GuestRow } from '../inventory/snapshot';
import { pveClientForNode } from '../nodes/pve-client';
import { visibleTo } from '../scopes';

/**
 * Who holds which IPv4 address, across every cluster the user sees: what running guests report
 * (the poller's cached snapshot: LXC interfaces, the QEMU agent), what stopped guests are configured
 * with (net0.. ip= of a container, ipconfig0.. of a VM; read from PVE, see configuredOfStopped),
 * and what Kiln's own creations were given (their stored spec). The value names the guest for the
 * user: `CT 104 'web' on pve2 (cluster lab)`.
 */
export type AddressHolders = Map<string, string>;

/** Stopped guests whose config is read per check, at most; the rest are left to the snapshot. */
const MAX_CONFIG_READS = 60;
const CONFIG_CONCURRENCY = 6;
const CONFIG_BUDGET_MS = 4_000;
/** A stopped guest's configured addresses are re-read after this (a check is a click, not a poll). */
const CONFIG_TTL_MS = 60_000;

const g = globalThis as unknown as { __kilnConfiguredIps?: Map<string, { at: number; ips: string[] }> };

/** IPv4 addresses in a guest config: `ip=10.0.0.5/24` of net0.. (LXC) or ipconfig0.. (cloud-init). */
export function configuredIps(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(config)) {
    if (!/^(net|ipconfig)\d+$/.test(k) || typeof v !== 'string') continue;
    const ip = (k.startsWith('net') ? parseNet(v).ip : /(?:^|,)ip=([^,]+)/.exec(v)?.[1]) ?? '';
    const addr = ip.split('/')[0] ?? '';
    if (/^\d+\.\d+\.\d+\.\d+$/.test(addr)) out.push(addr);
  }
  return out;
}

export function describeGuest(guest: Pick<GuestRow, 'type' | 'vmid' | 'name' | 'node'>, cluster: string): string {
  return `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid} '${guest.name}' on ${guest.node} (${cluster})`;
}

/**
 * `readConfigs: false` (pages, which never call Proxmox VE themselves): stopped guests' configured
 * addresses only as far as a recent check cached them.
 */
export async function addressHolders(db: Db, redis: Redis, userId: string, opts: { readConfigs?: boolean } = {}): Promise<AddressHolders> {
  const holders: AddressHolders = new Map();
  const inv = await readInventory(db, redis, userId, { waitMs: 1_500 });
  const stopped: { guest: GuestRow; cluster: string; nodeId: string; clusterKey: string }[] = [];
  for (const c of inv.clusters) {
    const first = c.nodes[0];
    if (!c.snapshot || !first) continue;
    const cluster = first.clusterName ? `cluster ${first.clusterName}` : `node ${first.name}`;
    for (const guest of c.snapshot.guests) {
      if (guest.template) continue;
      for (const ip of guest.ips ?? []) if (!holders.has(ip)) holders.set(ip, describeGuest(guest, cluster));
      if (guest.status !== 'running') stopped.push({ guest, cluster, nodeId: first.id, clusterKey: c.clusterKey });
    }
  }
  for (const s of await configuredOfStopped(db, stopped, opts.readConfigs ?? true)) {
    for (const ip of s.ips) if (!holders.has(ip)) holders.set(ip, describeGuest(s.guest, s.cluster));
  }
  // Kiln's creations still in progress (or whose CT is gone from the snapshot) hold what they were given.
  const rows = await db.container.findMany({
    where: { ...visibleTo(userId).containers, lifecycle: { not: 'deleted' } },
    select: { vmid: true, hostname: true, pveNode: true, spec: true, node: { select: { name: true, clusterName: true } } },
  });
  for (const r of rows) {
    const cidr = (r.spec as { network?: { ipv4?: { cidr?: unknown } } } | null)?.network?.ipv4?.cidr;
    const ip = typeof cidr === 'string' ? cidr.split('/')[0] : undefined;
    if (ip && !holders.has(ip)) {
      holders.set(ip, describeGuest({ type: 'lxc', vmid: r.vmid, name: r.hostname, node: r.pveNode }, r.node.clusterName ? `cluster ${r.node.clusterName}` : `node ${r.node.name}`));
    }
  }
  // typed static addresses being given right now (a creation not written yet, a Settings change not applied yet)
  for (const c of await db.ipClaim.findMany({ where: { userId }, select: { address: true, holder: true } })) if (!holders.has(c.address)) holders.set(c.address, c.holder);
  return holders;
}

/** Configured addresses of stopped guests, read from PVE (cached a minute per guest, bounded per check). */
async function configuredOfStopped(db: Db, stopped: { guest: GuestRow; cluster: string; nodeId: string; clusterKey: string }[], read: boolean) {
  g.__kilnConfiguredIps ??= new Map();
  const cache = g.__kilnConfiguredIps;
  const now = Date.now();
  const out: { guest: GuestRow; cluster: string; ips: string[] }[] = [];
  const due: typeof stopped = [];
  for (const s of stopped) {
    const hit = cache.get(`${s.clusterKey}:${s.guest.type}:${s.guest.vmid}`);
    if (hit && now - hit.at < CONFIG_TTL_MS) out.push({ ...s, ips: hit.ips });
    else if (due.length < MAX_CONFIG_READS) due.push(s);
  }
  if (due.length === 0 || !read) return out;
  const nodes = new Map((await db.node.findMany({ where: { id: { in: [...new Set(due.map((d) => d.nodeId))] } } })).map((n) => [n.id, n]));
  const budget = pveBudget(CONFIG_BUDGET_MS);
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const s = due[next++]!;
      const node = nodes.get(s.nodeId);
      const ctl = budget();
      if (!node || ctl.signal.aborted) return;
      try {
        const pve = pveClientForNode(node);
        const ips = s.guest.type === 'qemu' ? configuredIps(await pve.qemuConfig(s.guest.node, s.guest.vmid, ctl)) : configuredIps(rawNets(await pve.lxcConfig(s.guest.node, s.guest.vmid, ctl)));
        cache.set(`${s.clusterKey}:${s.guest.type}:${s.guest.vmid}`, { at: now, ips });
        out.push({ ...s, ips });
      } catch {
        // best effort: a guest removed meanwhile, a slow node; the snapshot still covers running guests
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONFIG_CONCURRENCY, due.length) }, worker));
  if (cache.size > 20_000) cache.clear();
  return out;
}

/** The parsed LXC config's net entries back in the `netN: ip=...` form configuredIps reads. */
function rawNets(config: { net: Record<number, { ip?: string }> }): Record<string, string> {
  return Object.fromEntries(Object.entries(config.net).map(([i, n]) => [`net${i}`, n.ip ? `ip=${n.ip}` : '']));
}

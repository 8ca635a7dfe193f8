import type { PveClient } from '@kiln/pve';
import type { ClusterSnapshot, GuestRow, NodeRow } from './snapshot';

/**
 * `/cluster/resources` carries no swap figures: they come from each online node's container list
 * (`/nodes/{node}/lxc`, PVE's `vmstatus`), one request per node with running containers. A node
 * that does not answer leaves its containers without swap figures (no alert either way).
 * Swap moves slowly and its rule holds for minutes, so the figures are read once a minute and
 * carried over between reads: 3 requests a minute for 3 nodes, not 36.
 */
export const SWAP_READ_INTERVAL_MS = 60_000;

/** Reads swap when the last read is a minute old, else carries the previous snapshot's figures. */
export async function swapForPoll(pve: Pick<PveClient, 'lxcList'>, snap: ClusterSnapshot, prev: ClusterSnapshot | undefined, now = Date.now()): Promise<void> {
  if (prev?.swapReadAt !== undefined && now - prev.swapReadAt < SWAP_READ_INTERVAL_MS) {
    snap.swapReadAt = prev.swapReadAt;
    const before = new Map(prev.guests.map((g) => [`${g.node}/${g.vmid}`, g]));
    for (const g of snap.guests) {
      const p = before.get(`${g.node}/${g.vmid}`);
      if (p?.maxswap === undefined || g.status !== 'running') continue;
      g.swap = p.swap ?? 0;
      g.maxswap = p.maxswap;
    }
    return;
  }
  snap.swapReadAt = now;
  await readSwap(pve, snap.guests, snap.nodes);
}

/** One read of every running container's swap, a request per node. */
export async function readSwap(pve: Pick<PveClient, 'lxcList'>, guests: GuestRow[], nodes: readonly NodeRow[]): Promise<void> {
  const online = new Set(nodes.filter((n) => n.status === 'online').map((n) => n.node));
  const wanted = new Set(guests.filter((g) => g.type === 'lxc' && g.status === 'running' && online.has(g.node)).map((g) => g.node));
  if (wanted.size === 0) return;
  const byVmid = new Map(guests.map((g) => [g.vmid, g]));
  await Promise.all(
    [...wanted].map(async (node) => {
      const list = await pve.lxcList(node, { timeoutMs: 5_000 }).catch(() => []);
      for (const ct of list) {
        const g = byVmid.get(ct.vmid);
        if (!g || g.node !== node || ct.maxswap === undefined) continue;
        g.swap = ct.swap ?? 0;
        g.maxswap = ct.maxswap;
      }
    }),
  );
}

import type { PveClient } from '@kiln/pve';
import type { GuestRow, NodeRow } from './snapshot';

/**
 * `/cluster/resources` carries no swap figures: they come from each online node's container list
 * (`/nodes/{node}/lxc`, PVE's `vmstatus`), one request per node with running containers. A node
 * that does not answer leaves its containers without swap figures (no alert either way).
 */
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

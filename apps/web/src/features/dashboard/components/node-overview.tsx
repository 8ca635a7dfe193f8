import Link from 'next/link';
import { allows, type Inventory, type InventoryRow, type UpdateCount } from '@kiln/services';
import { CheckNodeUpdatesButton } from '@/features/updates/components/check-node-button';
import { cn } from '@/lib/cn';
import { formatBytes, formatCount, formatPercent, formatUptime } from '@/lib/format';
import { NodeBadge } from '@/features/containers/components/node-badge';

function Bar({ label, frac, detail }: { label: string; frac: number | undefined; detail: string }) {
  const f = frac === undefined || !Number.isFinite(frac) ? 0 : Math.min(1, frac);
  return (
    <div>
      <div className="flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span>{label}</span>
        <span className="tabular-nums">{detail}</span>
      </div>
      <div className="mt-1 h-1.5 rounded bg-zinc-200 dark:bg-zinc-800">
        <div className={cn('h-1.5 rounded', f > 0.9 ? 'bg-red-500' : 'bg-kiln-500')} style={{ width: `${f * 100}%` }} />
      </div>
    </div>
  );
}

/** Per PVE node: load, memory, disk, running/stopped containers, pending updates; nodes that are down stand out. */
export function NodeOverview({ inventory }: { inventory: Inventory & { rows: (InventoryRow & { updates?: UpdateCount })[] } }) {
  const counts = new Map<string, { running: number; stopped: number; withUpdates: number; security: number }>();
  for (const r of inventory.rows) {
    const c = counts.get(r.node) ?? { running: 0, stopped: 0, withUpdates: 0, security: 0 };
    if (r.status === 'running') c.running++;
    else c.stopped++;
    if (r.updates?.pending || r.updates?.app) c.withUpdates++;
    if (r.updates?.security) c.security++;
    counts.set(r.node, c);
  }
  // The registered node with SSH to each PVE node (the check runs there), where the user may act.
  const sshNode = new Map<string, string>();
  for (const cl of inventory.clusters)
    for (const n of cl.nodes) if (n.pveNodeName && allows(n.access, 'operator') && !sshNode.has(`${cl.clusterKey}|${n.pveNodeName}`)) sshNode.set(`${cl.clusterKey}|${n.pveNodeName}`, n.id);
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Proxmox nodes">
      {inventory.nodeRows.map((n) => {
        const down = n.status !== 'online';
        const c = counts.get(n.node) ?? { running: 0, stopped: 0, withUpdates: 0, security: 0 };
        const checkVia = sshNode.get(`${n.clusterKey}|${n.node}`);
        return (
          <li key={`${n.clusterKey}:${n.node}`} className={cn('card space-y-3 p-4', down && 'border-red-400')}>
            <div className="flex items-center justify-between">
              <span className="flex flex-wrap items-center gap-1">
                <NodeBadge name={n.node} />
                {n.sharedBy ? <span className="text-xs text-amber-700 dark:text-amber-300">{`shared by ${n.sharedBy}`}</span> : null}
              </span>
              <span className={cn('text-xs font-medium', down ? 'text-red-600' : 'text-emerald-600')}>{down ? `down (${n.status})` : `up ${formatUptime(n.uptime)}`}</span>
            </div>
            <Bar label="CPU" frac={n.cpu} detail={`${formatPercent(n.cpu)} of ${formatCount(n.maxcpu, 'core')}`} />
            <Bar label="Memory" frac={n.mem !== undefined && n.maxmem ? n.mem / n.maxmem : undefined} detail={`${formatBytes(n.mem)} / ${formatBytes(n.maxmem)}`} />
            <Bar label="Disk" frac={n.disk !== undefined && n.maxdisk ? n.disk / n.maxdisk : undefined} detail={`${formatBytes(n.disk)} / ${formatBytes(n.maxdisk)}`} />
            <div className="text-sm">
              <span className="font-semibold tabular-nums">{c.running}</span> running · <span className="font-semibold tabular-nums">{c.stopped}</span> stopped
            </div>
            <div className="flex flex-wrap items-center justify-between gap-2 text-sm" data-testid="node-updates">
              {c.withUpdates ? (
                <Link href={`/containers?q=${encodeURIComponent(`node:${n.node} updates:any`)}`} className="hover:underline">
                  <span className="font-semibold tabular-nums">{c.withUpdates}</span> with updates
                  {c.security ? <span className="text-red-700 dark:text-red-400">{` · ${c.security} with security updates`}</span> : null}
                </Link>
              ) : (
                <span className="text-zinc-600 dark:text-zinc-400">No pending updates known</span>
              )}
              {checkVia ? <CheckNodeUpdatesButton nodeId={checkVia} pveNode={n.node} /> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

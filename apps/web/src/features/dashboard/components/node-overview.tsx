import type { Inventory } from '@kiln/services';
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

/** Per PVE node: load, memory, disk, running/stopped containers; nodes that are down stand out. */
export function NodeOverview({ inventory }: { inventory: Inventory }) {
  const counts = new Map<string, { running: number; stopped: number }>();
  for (const r of inventory.rows) {
    const c = counts.get(r.node) ?? { running: 0, stopped: 0 };
    if (r.status === 'running') c.running++;
    else c.stopped++;
    counts.set(r.node, c);
  }
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Proxmox nodes">
      {inventory.nodeRows.map((n) => {
        const down = n.status !== 'online';
        const c = counts.get(n.node) ?? { running: 0, stopped: 0 };
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
          </li>
        );
      })}
    </ul>
  );
}

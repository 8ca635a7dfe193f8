import type { Inventory } from '@kiln/services';
import { NodeBadge } from '@/features/containers/components/node-badge';
import { MetricsPanel } from './metrics-panel';

/** Per PVE node: CPU and memory history (the same charts as a container's, gaps included). */
export function NodeCharts({ inventory }: { inventory: Inventory }) {
  const online = inventory.nodeRows.filter((n) => n.status === 'online');
  if (online.length === 0) return null;
  return (
    <section aria-label="Node history" className="mb-6 space-y-3">
      <h2 className="font-semibold">Node history</h2>
      <ul className="grid gap-4 lg:grid-cols-2 2xl:grid-cols-3">
        {online.map((n) => (
          <li key={`${n.clusterKey}:${n.node}`} className="min-w-0" data-node={n.node}>
            <MetricsPanel source={{ kind: 'node', nodeId: n.nodeId, pveNode: n.node }} compact title={`History of ${n.node}`} heading={<NodeBadge name={n.node} />} />
          </li>
        ))}
      </ul>
    </section>
  );
}

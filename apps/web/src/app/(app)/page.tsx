import Link from 'next/link';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/empty-state';
import { ServerIcon } from '@/components/icons';
import { AuditTable } from '@/features/audit/components/audit-table';
import { dashboardSummary } from '@/features/dashboard/queries';
import { NodeOverview } from '@/features/dashboard/components/node-overview';
import { NodeCharts } from '@/features/metrics/components/node-charts';
import { ClusterAlerts } from '@/features/containers/components/cluster-alerts';
import { AutoRefresh } from '@/features/containers/components/auto-refresh';
import { inventoryWithUpdates } from '@/features/containers/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Dashboard' };

function Stat({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <Link href={href} className="card block p-4 transition-colors hover:border-kiln-400">
      <div className="text-sm text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums">{value}</div>
    </Link>
  );
}

export default async function DashboardPage() {
  const user = await requireUser();
  const [s, inv] = await Promise.all([dashboardSummary(user.id), inventoryWithUpdates(user.id)]);
  const containerTotal = inv.rows.filter((r) => r.type === 'lxc').length;
  const vmTotal = inv.rows.length - containerTotal;
  return (
    <>
      <PageHeader title="Dashboard" description="Your Proxmox nodes, containers and VMs at a glance." />
      {s.nodes === 0 ? (
        <div className="mb-6">
          <EmptyState
            icon={<ServerIcon />}
            title="Connect your first Proxmox node"
            action={
              <Link href="/settings/nodes" className="btn-primary">
                Add a node
              </Link>
            }
          >
            Kiln talks to Proxmox VE with an API token and SSH. Once a node is added, its containers show up here.
          </EmptyState>
        </div>
      ) : null}
      {s.nodes > 0 ? (
        <section className="mb-6 space-y-3" aria-label="Nodes">
          <AutoRefresh intervalMs={10_000} />
          <ClusterAlerts clusters={inv.clusters} />
          <NodeOverview inventory={inv} />
        </section>
      ) : null}
      {s.nodes > 0 ? <NodeCharts inventory={inv} /> : null}
      <section aria-label="Summary" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Nodes" value={s.nodes} href="/settings/nodes" />
        <Stat label="Containers" value={containerTotal} href="/containers?q=type%3Act" />
        <Stat label="Virtual machines" value={vmTotal} href="/containers?q=type%3Avm" />
        <Stat label="Templates" value={s.templates} href="/templates" />
      </section>
      <section className="card mt-6">
        <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="font-semibold">Recent activity</h2>
          <Link href="/settings/audit" className="text-sm text-kiln-700 hover:underline dark:text-kiln-400">
            View all
          </Link>
        </div>
        {s.recent.length === 0 ? <p className="px-4 py-6 text-sm text-zinc-500">Nothing has happened yet.</p> : <AuditTable events={s.recent} compact />}
      </section>
    </>
  );
}

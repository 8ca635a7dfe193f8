import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/empty-state';
import { ContainersIcon } from '@/components/icons';
import { AutoRefresh } from '@/features/containers/components/auto-refresh';
import { ClusterAlerts } from '@/features/containers/components/cluster-alerts';
import { ContainersTable } from '@/features/containers/components/containers-table';
import { ContainersToolbar } from '@/features/containers/components/toolbar';
import { matches, parseQuery, sortRows, tableState, type SortKey } from '@/features/containers/filter';
import { inventoryFor } from '@/features/containers/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Containers' };

export default async function ContainersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const state = tableState(sp);
  const inv = await inventoryFor(user.id);
  const all = inv.rows;
  const rows = sortRows(all.filter((r) => matches(r, parseQuery(state.q))), state.sort, state.dir);
  const nodes = [...new Set(all.map((r) => r.node))].sort();
  const tags = [...new Set(all.flatMap((r) => r.tags))].sort();
  const hrefFor = (key: SortKey) => {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    p.set('sort', key);
    p.set('dir', state.sort === key && state.dir === 'asc' ? 'desc' : 'asc');
    return `/containers?${p.toString()}`;
  };

  if (inv.clusters.length === 0) {
    return (
      <>
        <PageHeader title="Containers" description="Every LXC container on your Proxmox nodes." />
        <EmptyState icon={<ContainersIcon />} title="No nodes connected" action={<Link href="/settings/nodes" className="btn-primary">Add a node</Link>}>
          Add a Proxmox node first; its containers will be listed here.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Containers" description={`${all.length} container${all.length === 1 ? '' : 's'} on ${nodes.length} node${nodes.length === 1 ? '' : 's'}. Refreshes every 5 seconds.`} />
      <AutoRefresh />
      <div className="space-y-4">
        <ClusterAlerts clusters={inv.clusters} />
        <ContainersToolbar nodes={nodes} tags={tags} />
        {rows.length === 0 ? (
          <EmptyState icon={<ContainersIcon />} title={all.length === 0 ? 'No containers yet' : 'No container matches'}>
            {all.length === 0 ? 'Your nodes have no LXC containers yet.' : 'Try another search or clear the filters.'}
          </EmptyState>
        ) : (
          <ContainersTable rows={rows} sort={state.sort} dir={state.dir} hrefFor={hrefFor} />
        )}
        <p className="text-xs text-zinc-500">{rows.length} shown</p>
      </div>
    </>
  );
}

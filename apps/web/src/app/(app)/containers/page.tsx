import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/empty-state';
import { ContainersIcon } from '@/components/icons';
import { AutoRefresh } from '@/features/containers/components/auto-refresh';
import { ClusterAlerts } from '@/features/containers/components/cluster-alerts';
import { ContainersTable } from '@/features/containers/components/containers-table';
import { ContainersToolbar } from '@/features/containers/components/toolbar';
import { BulkBar } from '@/features/containers/components/bulk-bar';
import { BulkSelectionProvider } from '@/features/containers/components/bulk-selection';
import { paginate, parseQuery, tableState, tableView, SORT_KEYS, type SortKey } from '@/features/containers/filter';
import { rowAlertStates, withAlertStates } from '@/features/alerts/queries';
import { Pagination } from '@/features/containers/components/pagination';
import { inventoryWithUpdates } from '@/features/containers/queries';
import { pageRows, withRowAlerts } from '@/features/containers/table-rows';
import { handToSsr } from '@/features/containers/ssr-rows';
import { DOCUMENT_HEADER } from '@/server/document-request';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Containers' };

/** The counts by rows array (the same array until the next poll). */
const counted = new WeakMap<readonly { type: string }[], string>();

/** `12 containers and 3 VMs` (VMs only named when there are some). */
function guestCounts(rows: readonly { type: string }[]): string {
  let text = counted.get(rows);
  if (text === undefined) {
    const vms = rows.filter((r) => r.type === 'qemu').length;
    const cts = rows.length - vms;
    text = `${cts} container${cts === 1 ? '' : 's'}${vms ? ` and ${vms} VM${vms === 1 ? '' : 's'}` : ''}`;
    counted.set(rows, text);
  }
  return text;
}

/**
 * Kiln's server reuses this page's rendered document while everything named in
 * `features/containers/view-key.ts` is unchanged: whatever this page starts reading must be added
 * there (the app layout reads through `shellInputs`, which the key mirrors).
 */
export default async function ContainersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const state = tableState(sp);
  const inv = await inventoryWithUpdates(user.id);
  // Alert states join the rows only for an `alert:` search (the plain table keeps its cached views).
  const all = parseQuery(state.q).alert.length ? await withAlertStates(user.id, inv) : inv.rows;
  const { rows: filtered, nodes, tags } = tableView(all, state);
  const pageOf = paginate(filtered, state.page, state.per);
  // The page's rows with an open alert get a chip by their status (one small query of open alerts).
  const rows = withRowAlerts(pageRows(filtered, (pageOf.page - 1) * state.per, state.per), await rowAlertStates(user.id, inv, pageOf.rows));
  // A document's table body goes to the HTML render directly; navigations and refreshes get the rows as JSON.
  const body = (await headers()).get(DOCUMENT_HEADER) === '1' ? { ssrKey: handToSsr(rows.html()) } : { json: rows.json };
  const href = (o: { sort?: SortKey; dir?: string; page?: number; per?: number }) => {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    const sort = o.sort ?? state.sort;
    const dir = o.dir ?? state.dir;
    if (sort !== 'vmid' || dir !== 'asc') p.set('sort', sort);
    if (dir !== 'asc') p.set('dir', dir);
    const per = o.per ?? state.per;
    if (per !== 100) p.set('per', String(per));
    const page = o.page ?? pageOf.page;
    if (page > 1) p.set('page', String(page));
    return `/containers?${p.toString()}`;
  };
  const sortHrefs = Object.fromEntries(SORT_KEYS.map((key) => [key, href({ sort: key, dir: state.sort === key && state.dir === 'asc' ? 'desc' : 'asc', page: 1 })])) as Record<SortKey, string>;

  if (inv.clusters.length === 0) {
    return (
      <>
        <PageHeader title="Containers" description="Every LXC container and QEMU VM on your Proxmox nodes." />
        <EmptyState
          icon={<ContainersIcon />}
          title="No nodes connected"
          action={
            <Link href="/settings/nodes" className="btn-primary">
              Add a node
            </Link>
          }
        >
          Add a Proxmox node first; its containers will be listed here.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Containers"
        description={`${guestCounts(all)} on ${nodes.length} node${nodes.length === 1 ? '' : 's'}. Refreshes every 5 seconds.`}
        actions={
          <Link href="/containers/new" className="btn-primary">
            New container
          </Link>
        }
      />
      <AutoRefresh />
      <div className="space-y-4">
        <ClusterAlerts clusters={inv.clusters} />
        <ContainersToolbar nodes={nodes} tags={tags} />
        {filtered.length === 0 ? (
          <EmptyState icon={<ContainersIcon />} title={all.length === 0 ? 'No containers yet' : 'No container matches'}>
            {all.length === 0 ? 'Your nodes have no LXC containers or VMs yet.' : 'Try another search or clear the filters.'}
          </EmptyState>
        ) : (
          <BulkSelectionProvider>
            <BulkBar />
            <ContainersTable body={body} sort={state.sort} dir={state.dir} sortHrefs={sortHrefs} />
          </BulkSelectionProvider>
        )}
        <Pagination page={pageOf.page} pages={pageOf.pages} from={pageOf.from} to={pageOf.to} total={filtered.length} per={state.per} hrefFor={href} />
      </div>
    </>
  );
}

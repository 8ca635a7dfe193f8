import Link from 'next/link';
import { StatusPill } from '@/features/containers/components/status-pill';
import { NodeBadge } from '@/features/containers/components/node-badge';
import type { ContainerPageData } from '../queries';

/** Name, state and where it lives; Kiln-created or discovered at a glance. */
export function ContainerHeader({ d }: { d: ContainerPageData }) {
  const status = d.overview?.status ?? (d.kiln?.lifecycle === 'deleted' ? 'deleted' : (d.kiln?.lifecycle ?? 'unknown'));
  return (
    <div className="mb-4">
      <nav aria-label="Breadcrumb" className="mb-1 text-sm text-zinc-500">
        <Link href="/containers" className="hover:underline">
          Containers
        </Link>{' '}
        /
      </nav>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-1 break-all text-2xl font-semibold tracking-tight">{d.name}</h1>
        <StatusPill status={status} />
        {d.pveNode ? <NodeBadge name={d.pveNode} /> : null}
        <span className="font-mono text-xs text-zinc-500">CT {d.ref.vmid}</span>
        {d.overview?.lock ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300">locked: {d.overview.lock}</span> : null}
        {d.provenance ? (
          <span className="rounded bg-kiln-50 px-1.5 py-0.5 text-xs text-kiln-700 dark:bg-kiln-700/20 dark:text-kiln-400" data-testid="kiln-badge">
            Kiln{d.provenance.templateSlug ? ` · ${d.provenance.templateSlug} ${d.provenance.templateVersion ?? ''}` : ''}
          </span>
        ) : (
          <span
            className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
            data-testid="discovered-badge"
            title="Kiln did not create this container; it was found on the node."
          >
            discovered
          </span>
        )}
      </div>
    </div>
  );
}

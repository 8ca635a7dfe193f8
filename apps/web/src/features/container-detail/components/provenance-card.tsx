import type { Provenance } from '@kiln/services';
import { formatWhen } from '@/features/audit/components/audit-table';

/** How Kiln created this container: template and version, when, by whom, and the params (secrets masked). */
export function ProvenanceCard({ p }: { p: Provenance }) {
  return (
    <section className="card p-4" aria-labelledby="provenance-title" data-testid="provenance">
      <h2 id="provenance-title" className="mb-3 font-semibold">
        Created by Kiln
      </h2>
      <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-xs uppercase tracking-wide text-zinc-500">Template</dt>
          <dd>
            {p.templateSlug ? (
              <>
                <span className="font-medium">{p.templateSlug}</span> <span className="font-mono text-xs">{p.templateVersion}</span>
              </>
            ) : (
              'none'
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-zinc-500">Created</dt>
          <dd>
            {formatWhen(new Date(p.createdAt))} by {p.createdBy}
          </dd>
        </div>
        {p.readyAt ? (
          <div>
            <dt className="text-xs uppercase tracking-wide text-zinc-500">Ready</dt>
            <dd>{formatWhen(new Date(p.readyAt))}</dd>
          </div>
        ) : null}
        {p.deletedAt ? (
          <div>
            <dt className="text-xs uppercase tracking-wide text-zinc-500">Deleted</dt>
            <dd>{formatWhen(new Date(p.deletedAt))}</dd>
          </div>
        ) : null}
      </dl>
      <h3 className="mb-1 mt-4 text-xs font-medium uppercase tracking-wide text-zinc-500">Parameters</h3>
      {p.params.length === 0 ? (
        <p className="text-sm text-zinc-500">No parameters.</p>
      ) : (
        <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {p.params.map((x) => (
            <div key={x.name} className="flex flex-wrap justify-between gap-2 py-1.5">
              <dt className="font-mono text-xs">{x.name}</dt>
              <dd className={x.masked ? 'text-zinc-400' : 'break-all font-mono text-xs'} title={x.masked ? 'Secret: stored encrypted, never shown' : undefined}>
                {x.value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {p.hasSecrets ? <p className="mt-2 text-xs text-zinc-500">Secret parameters are stored encrypted and are never shown again.</p> : null}
    </section>
  );
}

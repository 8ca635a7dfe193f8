import type { Provenance } from '@kiln/services';
import { formatWhen } from '@/features/audit/components/audit-table';

/**
 * How Kiln came to manage this container: created (template and version, when, by whom, the params
 * with secrets masked) or adopted (who adopted it and when, the template version it was linked to).
 */
export function ProvenanceCard({ p }: { p: Provenance }) {
  const adopted = p.adoptedAt !== null;
  return (
    <section className="card p-4" aria-labelledby="provenance-title" data-testid="provenance">
      <h2 id="provenance-title" className="mb-3 font-semibold">
        {adopted ? 'Adopted by Kiln' : 'Created by Kiln'}
      </h2>
      <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-xs uppercase tracking-wide text-zinc-500">Template</dt>
          <dd>
            {p.templateSlug ? (
              <>
                <span className="font-medium">{p.templateSlug}</span> <span className="font-mono text-xs">{p.templateVersion}</span>
              </>
            ) : adopted ? (
              'No template'
            ) : (
              'none'
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-zinc-500">{adopted ? 'Adopted' : 'Created'}</dt>
          <dd data-testid="provenance-origin">{adopted ? `Adopted by ${p.createdBy} on ${formatWhen(new Date(p.adoptedAt!))}` : `${formatWhen(new Date(p.createdAt))} by ${p.createdBy}`}</dd>
        </div>
        {p.readyAt && !adopted ? (
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
      {adopted ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Kiln did not create this container: it recorded its configuration when it was adopted and tagged it as Kiln’s own.</p>
      ) : null}
      {adopted && p.params.length === 0 ? null : <h3 className="mb-1 mt-4 text-xs font-medium uppercase tracking-wide text-zinc-500">Parameters</h3>}
      {adopted && p.params.length === 0 ? null : p.params.length === 0 ? (
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

import Link from 'next/link';
import type { ContainerPageData } from '../queries';

/**
 * ─── PROVISIONING PANEL SLOT ──────────────────────────────────────────────────────────────
 * For containers Kiln is creating (lifecycle `creating`) or failed to create (`error`), the
 * provisioning feature mounts its live panel here:
 *
 *     <ProvisioningPanel containerId={kiln.id} />
 *
 * (apps/web/src/features/provisioning, owned by the provisioning work). Until it is mounted,
 * this shows the row's state and failure so the page is still useful.
 * ──────────────────────────────────────────────────────────────────────────────────────────
 */
export function ProvisioningSlot({ kiln }: { kiln: NonNullable<ContainerPageData['kiln']> }) {
  if (kiln.lifecycle !== 'creating' && kiln.lifecycle !== 'error') return null;
  const failure = kiln.failure && typeof kiln.failure === 'object' ? (kiln.failure as Record<string, unknown>) : undefined;
  const message = typeof failure?.['message'] === 'string' ? failure['message'] : undefined;
  const step = typeof failure?.['step'] === 'string' ? failure['step'] : undefined;
  return (
    <section className="card mb-4 p-4" data-slot="provisioning-panel" data-container-id={kiln.id} aria-label="Provisioning">
      {/* ProvisioningPanel mounts here: <ProvisioningPanel containerId={kiln.id} /> */}
      <div className="flex flex-wrap items-center justify-between gap-2">
        {kiln.lifecycle === 'creating' ? (
          <p className="text-sm"><span className="mr-2 inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />Kiln is creating this container.</p>
        ) : (
          <p className="text-sm text-red-700 dark:text-red-400" role="alert">Creation failed{step ? ` at ${step}` : ''}{message ? `: ${message}` : '.'}</p>
        )}
        <Link href={`/containers/creations/${kiln.id}`} className="btn-secondary px-3 py-1.5">{kiln.lifecycle === 'creating' ? 'Follow the creation' : 'Retry, keep or delete'}</Link>
      </div>
    </section>
  );
}

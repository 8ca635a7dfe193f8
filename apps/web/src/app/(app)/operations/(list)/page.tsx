import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { AutoRefresh } from '@/features/containers/components/auto-refresh';
import { OperationsCard } from '@/features/operations/components/operations-card';
import { visibleOperations } from '@/features/operations/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Operations' };

/**
 * The signed-in user's running and recent operations, across every cluster they reach. An admin
 * may switch to everyone's (read-only, with who asked), as they read every user's audit events.
 */
export default async function OperationsPage({ searchParams }: { searchParams: Promise<{ who?: string }> }) {
  const user = await requireUser();
  const admin = user.role === 'admin';
  const everyone = admin && (await searchParams).who === 'everyone';
  const operations = await visibleOperations(user, { mine: !everyone });
  return (
    <>
      {operations.some((o) => o.state === 'queued' || o.state === 'running') ? <AutoRefresh /> : null}
      <PageHeader
        title="Operations"
        description={everyone ? 'What every user asked Proxmox VE to do: running and recent, with who asked.' : 'What you asked Proxmox VE to do: running and recent, with each one’s live log.'}
      />
      {admin ? (
        <nav aria-label="Whose operations" className="mb-3 flex gap-3 text-sm">
          <Link href="/operations" aria-current={everyone ? undefined : 'page'} className={everyone ? 'hover:underline' : 'font-semibold'}>
            Mine
          </Link>
          <Link href="/operations?who=everyone" aria-current={everyone ? 'page' : undefined} className={everyone ? 'font-semibold' : 'hover:underline'}>
            Everyone
          </Link>
        </nav>
      ) : null}
      <OperationsCard operations={operations} showRequester={everyone} />
    </>
  );
}

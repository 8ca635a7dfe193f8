import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { AutoRefresh } from '@/features/containers/components/auto-refresh';
import { OperationsCard } from '@/features/operations/components/operations-card';
import { myOperations } from '@/features/operations/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Operations' };

/** The signed-in user's running and recent operations, across every cluster they reach. */
export default async function OperationsPage() {
  const user = await requireUser();
  const operations = await myOperations(user.id);
  return (
    <>
      {operations.some((o) => o.state === 'queued' || o.state === 'running') ? <AutoRefresh /> : null}
      <PageHeader title="Operations" description="What you asked Proxmox VE to do: running and recent, with each one's live log." />
      <OperationsCard operations={operations} />
    </>
  );
}

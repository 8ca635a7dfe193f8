import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { BackupsPanel } from '@/features/backups/components/backups-panel';
import { backupsPage } from '@/features/backups/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Backups' };

/** Every cluster's backups, jobs and containers that need one: from the worker's cache only. */
export default async function BackupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const raw = Number((await searchParams).page);
  const page = Number.isInteger(raw) && raw > 1 ? raw - 1 : 0;
  const data = await backupsPage(user.id);
  return (
    <>
      <PageHeader title="Backups" description="Proxmox VE’s backups of your containers, and its own backup jobs (they run even when Kiln is down)." />
      <BackupsPanel data={data} page={page} />
    </>
  );
}

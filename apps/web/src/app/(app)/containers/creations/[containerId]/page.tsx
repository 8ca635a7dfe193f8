import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/page-header';
import { ProvisioningPanel } from '@/features/provisioning/components/provisioning-panel';
import { creationProgress } from '@/features/provisioning/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Creation' };

export default async function CreationPage({ params }: { params: Promise<{ containerId: string }> }) {
  const user = await requireUser();
  const { containerId } = await params;
  if (!z.uuid().safeParse(containerId).success) notFound();
  const progress = await creationProgress(user.id, containerId);
  if (!progress) notFound();
  return (
    <>
      <PageHeader
        title={progress.hostname}
        description={
          <>
            CT {progress.vmid} on {progress.pveNode}
            {progress.template ? ` · from ${progress.template}` : ''}
            {progress.ip ? ` · ${progress.ip}` : ''}
          </>
        }
        actions={
          <Link href={`/containers/${progress.nodeId}/${progress.vmid}`} className="btn-secondary">
            Container page
          </Link>
        }
      />
      <ProvisioningPanel initial={progress} />
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/empty-state';
import { ContainersIcon } from '@/components/icons';
import { requireUser } from '@/server/session';
import { getDb } from '@/server/services';

export const metadata: Metadata = { title: 'Containers' };

export default async function ContainersPage() {
  const user = await requireUser();
  const nodes = await getDb().node.count({ where: { userId: user.id } });
  return (
    <>
      <PageHeader title="Containers" description="Every LXC container on your Proxmox nodes." />
      <EmptyState
        icon={<ContainersIcon />}
        title={nodes === 0 ? 'No nodes connected' : 'No containers yet'}
        action={nodes === 0 ? <Link href="/settings/nodes" className="btn-primary">Add a node</Link> : undefined}
      >
        {nodes === 0 ? 'Add a Proxmox node first; its containers will be listed here.' : 'Containers on your nodes will be listed here.'}
      </EmptyState>
    </>
  );
}

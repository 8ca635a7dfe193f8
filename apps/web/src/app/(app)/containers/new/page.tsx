import type { Metadata } from 'next';
import Link from 'next/link';
import { randomUUID } from 'node:crypto';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ServerIcon } from '@/components/icons';
import { Wizard } from '@/features/wizard/components/wizard';
import { wizardData } from '@/features/wizard/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'New container' };

export default async function NewContainerPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const data = await wizardData(user.id, sp.template);
  const usable = data.nodes.filter((n) => n.sshState === 'ok');
  return (
    <>
      <PageHeader title="New container" description="Pick a template, answer a few questions, and Kiln provisions it." />
      {usable.length === 0 ? (
        <EmptyState
          icon={<ServerIcon />}
          title={data.nodes.length ? 'No node can create containers yet' : 'No nodes yet'}
          action={
            <Link href="/settings/nodes" className="btn-primary">
              Open Settings → Nodes
            </Link>
          }
        >
          {data.nodes.length ? 'Creating containers needs SSH to the node (for pct exec). Fix SSH on one of your nodes.' : 'Add a Proxmox node first.'}
        </EmptyState>
      ) : (
        <Wizard data={data} initialTemplateId={sp.template} requestId={randomUUID()} />
      )}
    </>
  );
}

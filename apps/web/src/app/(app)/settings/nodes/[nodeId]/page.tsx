import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { isAppError } from '@kiln/core';
import { NodeForm } from '@/features/nodes/components/node-form';
import { NodeSharing } from '@/features/nodes/components/node-sharing';
import { NodeFeatures } from '@/features/nodes/components/node-features';
import { unavailableFeatures } from '@/features/backups/queries';
import { nodeForEdit, sharesOf } from '@/features/nodes/queries';
import { requireUser } from '@/server/session';
import { AlertStrip } from '@/features/alerts/components/alert-strip';
import { openAlertsAboutFor } from '@/features/alerts/queries';

export const metadata: Metadata = { title: 'Edit node' };

export default async function EditNodePage({ params }: { params: Promise<{ nodeId: string }> }) {
  const user = await requireUser();
  const { nodeId } = await params;
  if (!z.uuid().safeParse(nodeId).success) notFound();
  const node = await nodeForEdit(user.id, nodeId).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  // Only whether secrets exist is sent to the browser, never the secrets.
  const [shares, alerts] = await Promise.all([sharesOf(user, node.id), openAlertsAboutFor(user.id, { nodeId: node.id })]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">Edit {node.name}</h2>
        <Link href={`/settings/nodes/${node.id}/images`} className="text-sm underline">
          OS images
        </Link>
      </div>
      <AlertStrip alerts={alerts} />
      <NodeForm
        nodeId={node.id}
        defaults={{
          name: node.name,
          host: node.host,
          apiPort: node.apiPort,
          tokenId: node.tokenId,
          tlsMode: node.tlsMode,
          sshHost: node.sshHost ?? '',
          sshPort: node.sshPort,
          sshUser: node.sshUser,
          sshAuth: node.sshAuth,
        }}
        stored={{ tokenSecret: true, sshPassword: node.stored.sshPassword, sshKey: node.stored.sshKey, sshPublicKey: node.sshPublicKey }}
      />
      <NodeFeatures unavailable={unavailableFeatures(node)} tested={node.lastCheck !== null} />
      <NodeSharing nodeId={node.id} shares={shares} />
    </div>
  );
}

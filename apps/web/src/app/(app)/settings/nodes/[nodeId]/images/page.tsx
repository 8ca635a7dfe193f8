import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { isAppError } from '@kiln/core';
import { ImagesPanel } from '@/features/images/components/images-panel';
import { imagesOf } from '@/features/images/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'OS images' };

export default async function NodeImagesPage({ params }: { params: Promise<{ nodeId: string }> }) {
  const user = await requireUser();
  const { nodeId } = await params;
  if (!z.uuid().safeParse(nodeId).success) notFound();
  const data = await imagesOf(user.id, nodeId).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  return (
    <div className="space-y-4">
      <div>
        <Link href="/settings/nodes" className="text-sm underline">
          ← Nodes
        </Link>
        <h2 className="mt-1 text-lg font-semibold">
          OS images of {data.nodeName} ({data.pveNode})
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Container templates on the node’s storages. Download one from the node’s appliance index or pull an OCI image; delete those no Kiln container was created from.
        </p>
      </div>
      <ImagesPanel data={data} />
    </div>
  );
}

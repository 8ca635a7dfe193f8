import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/page-header';
import { OperationFollower } from '@/features/operations/components/operation-follower';
import { myOperation } from '@/features/operations/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Operation' };

/** One operation followed live (its PVE task log, or its containers for a bulk one). Others' are a 404. */
export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const op = await myOperation(user.id, id.data);
  if (!op) notFound();
  return (
    <>
      <PageHeader title={`${op.label}: ${op.targetName ?? ''}`} description={op.nodeName ? `Through node ${op.nodeName}` : undefined} />
      <OperationFollower operationId={op.id} />
    </>
  );
}

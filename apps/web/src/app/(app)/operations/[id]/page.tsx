import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/page-header';
import { OperationFollower } from '@/features/operations/components/operation-follower';
import { visibleOperation } from '@/features/operations/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Operation' };

/**
 * One operation followed live (its PVE task log, or its containers for a bulk one). Others' are
 * a 404, except for an admin, who follows them read-only (only the requester may cancel).
 */
export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const op = await visibleOperation(user, id.data);
  if (!op) notFound();
  const through = op.nodeName ? `Through node ${op.nodeName}` : undefined;
  return (
    <>
      <PageHeader title={`${op.label}: ${op.targetName ?? ''}`} description={op.mine ? through : [`Asked by ${op.requestedBy}`, through].filter(Boolean).join(' · ')} />
      <OperationFollower operationId={op.id} />
    </>
  );
}

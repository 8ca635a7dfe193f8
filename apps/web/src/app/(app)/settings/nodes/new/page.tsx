import type { Metadata } from 'next';
import { NodeForm } from '@/features/nodes/components/node-form';
import { demoFormDefaults, readDemoNode } from '@/features/nodes/demo';
import { LeastPrivilegePanel } from '@/features/nodes/components/least-privilege';
import { leastPrivilegeCommands } from '@/features/nodes/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Add node' };

export default async function NewNodePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireUser();
  const demo = (await searchParams).demo === '1' ? readDemoNode() : undefined;
  return (
    <div className="space-y-6">
      <h2 className="text-lg font-semibold">{demo ? 'Add the demo node' : 'Add a node'}</h2>
      <NodeForm defaults={demo ? { ...demoFormDefaults(demo), useDemoSecrets: true } : {}} />
      <LeastPrivilegePanel commands={leastPrivilegeCommands()} />
    </div>
  );
}

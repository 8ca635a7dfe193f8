import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/empty-state';
import { ServerIcon } from '@/components/icons';
import { readDemoNode } from '@/features/nodes/demo';
import { LeastPrivilegePanel } from '@/features/nodes/components/least-privilege';
import { NodeCard } from '@/features/nodes/components/node-card';
import { leastPrivilegeCommands, nodesWithHealth, sharedWithMe } from '@/features/nodes/queries';
import { AutoRefresh } from '@/features/containers/components/auto-refresh';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Nodes' };

export default async function NodesPage() {
  const user = await requireUser();
  const [nodes, shared] = await Promise.all([nodesWithHealth(user.id), sharedWithMe(user.id)]);
  const demo = readDemoNode();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Proxmox VE nodes Kiln manages for you. Credentials are stored encrypted and never shown again.</p>
        {nodes.length > 0 ? (
          <Link href="/settings/nodes/new" className="btn-primary">
            Add node
          </Link>
        ) : null}
      </div>
      {nodes.length === 0 ? (
        <EmptyState
          icon={<ServerIcon />}
          title="No nodes yet"
          action={
            <div className="flex flex-wrap justify-center gap-2">
              <Link href="/settings/nodes/new" className="btn-primary">
                Add node
              </Link>
              {demo ? (
                <Link href="/settings/nodes/new?demo=1" className="btn-secondary">
                  Add demo node
                </Link>
              ) : null}
            </div>
          }
        >
          Add a Proxmox VE node with an API token (and SSH for creating containers).
          {demo ? ` A simulated cluster (${demo.nodes.join(', ')}) is running for you to try Kiln; all Kiln users share it.` : null}
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {nodes.map((n) => (
            <NodeCard key={n.id} node={n} />
          ))}
        </ul>
      )}
      {shared.length ? (
        <section className="card p-5" aria-label="Shared with you">
          <h3 className="font-semibold">Shared with you</h3>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Their owners manage these nodes and their credentials.</p>
          <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {shared.map((n) => (
              <li key={n.id} className="flex flex-wrap justify-between gap-2 py-2" data-testid={`shared-node-${n.name}`}>
                <span className="font-medium">
                  {n.name}{' '}
                  <Link href={`/settings/nodes/${n.id}/images`} className="ml-2 text-xs font-normal underline">
                    OS images
                  </Link>
                </span>
                <span className="text-zinc-600 dark:text-zinc-400">
                  by {n.ownerName} · {n.access === 'operator' ? 'operator' : 'view only'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* A node saved a moment ago gets its first poll within seconds: show it when it lands. */}
      {nodes.some((n) => n.health.state !== 'ok' && n.health.state !== 'degraded') ? <AutoRefresh intervalMs={2000} /> : null}
      <LeastPrivilegePanel commands={leastPrivilegeCommands()} />
    </div>
  );
}

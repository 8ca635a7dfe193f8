import Link from 'next/link';
import type { NodeHealth } from '../queries';
import { NodeActions } from './node-actions';

function ago(ms: number | null): string {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

export interface NodeCardData {
  id: string;
  name: string;
  host: string;
  apiPort: number;
  tokenId: string;
  tlsMode: string;
  tlsFingerprint: string | null;
  sshState: string;
  sshError: string | null;
  pveNodeName: string | null;
  clusterName: string | null;
  pveVersion: string | null;
  isDefault: boolean;
  health: NodeHealth;
}

export function NodeCard({ node }: { node: NodeCardData }) {
  const badge =
    node.health.state === 'degraded'
      ? { text: 'degraded', cls: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300' }
      : node.health.state === 'ok'
        ? { text: 'online', cls: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300' }
        : { text: 'first poll in a few seconds', cls: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300' };
  return (
    <li className="card p-4" data-testid={`node-${node.name}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">{node.name}</h2>
        {node.isDefault ? <span className="rounded bg-kiln-100 px-1.5 py-0.5 text-xs font-medium text-kiln-700 dark:bg-kiln-700/30 dark:text-kiln-400">default</span> : null}
        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${badge.cls}`}>{badge.text}</span>
        {node.sshState !== 'ok' ? (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300">SSH not working: creation disabled</span>
        ) : null}
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <div>
          <dt className="inline text-zinc-500">Address </dt>
          <dd className="inline font-mono">
            {node.host}:{node.apiPort}
          </dd>
        </div>
        <div>
          <dt className="inline text-zinc-500">Token </dt>
          <dd className="inline font-mono">{node.tokenId}</dd>
        </div>
        <div>
          <dt className="inline text-zinc-500">Proxmox </dt>
          <dd className="inline">
            {node.pveVersion ?? '—'}
            {node.pveNodeName ? ` on ${node.pveNodeName}` : ''}
          </dd>
        </div>
        <div>
          <dt className="inline text-zinc-500">Cluster </dt>
          <dd className="inline">{node.clusterName ?? 'standalone'}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="inline text-zinc-500">TLS </dt>
          <dd className="inline break-all font-mono text-xs">{node.tlsMode === 'pinned' ? node.tlsFingerprint : 'system CA'}</dd>
        </div>
      </dl>
      {node.health.state === 'degraded' ? (
        <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">
          {node.health.message} Showing data from {ago(node.health.fetchedAt)}.
        </p>
      ) : null}
      {node.sshState !== 'ok' && node.sshError ? <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">{node.sshError}</p> : null}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <NodeActions nodeId={node.id} name={node.name} isDefault={node.isDefault} />
        <Link href={`/settings/nodes/${node.id}/images`} className="text-sm underline">
          OS images
        </Link>
      </div>
    </li>
  );
}

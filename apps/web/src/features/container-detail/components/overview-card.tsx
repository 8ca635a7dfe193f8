import type { ContainerOverview } from '@kiln/services';
import { Tags } from '@/features/containers/components/node-badge';
import { formatAge, formatBytes, formatCount, formatPercent, formatUptime } from '@/lib/format';

export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children}</dd>
    </div>
  );
}

export function Usage({ used, max }: { used?: number; max?: number }) {
  if (used === undefined || !max) return <span className="text-zinc-400">—</span>;
  return (
    <span className="tabular-nums">
      {formatBytes(used)} / {formatBytes(max)} <span className="text-zinc-500">({formatPercent(used / max)})</span>
    </span>
  );
}

/**
 * The overview card's frame: title, a note when the data is not live, and the Node and VMID facts
 * every guest has; the container and VM pages add their own facts (`children`) and tables (`after`).
 */
export function OverviewSection({
  o,
  pveNode,
  vmid,
  children,
  after,
}: {
  o: { live: boolean; error?: string; cachedAt: number | null };
  pveNode?: string;
  vmid: number;
  children: React.ReactNode;
  after?: React.ReactNode;
}) {
  return (
    <section className="card p-4" aria-labelledby="overview-title">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="overview-title" className="font-semibold">
          Overview
        </h2>
        {!o.live ? (
          <span className="text-xs text-amber-700 dark:text-amber-400" role="status">
            {o.error ? `Live data is unavailable: Proxmox VE did not answer (${o.error}). ` : ''}Showing data from {formatAge(o.cachedAt)}.
          </span>
        ) : null}
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3 lg:grid-cols-4">
        <Fact label="Node">{pveNode ?? '—'}</Fact>
        <Fact label="VMID">
          <span className="font-mono">{vmid}</span>
        </Fact>
        {children}
      </dl>
      {after}
    </section>
  );
}

/** A guest's tags as chips, or a dash. */
export function TagsFact({ tags }: { tags: string[] }) {
  return (
    <Fact label="Tags">
      {tags.length ? (
        <span className="flex flex-wrap gap-1">
          <Tags tags={tags} />
        </span>
      ) : (
        '—'
      )}
    </Fact>
  );
}

function NetworksTable({ o }: { o: ContainerOverview }) {
  return (
    <>
      {o.networks.length ? (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-xs">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Interface</th>
                <th className="py-1 pr-3 font-medium">Bridge</th>
                <th className="py-1 pr-3 font-medium">IPv4</th>
                <th className="py-1 pr-3 font-medium">IPv6</th>
                <th className="py-1 font-medium">MAC</th>
              </tr>
            </thead>
            <tbody>
              {o.networks.map((n) => (
                <tr key={n.name} className="font-mono">
                  <td className="py-1 pr-3">{n.name}</td>
                  <td className="py-1 pr-3">
                    {n.bridge ?? '—'}
                    {n.tag ? ` (VLAN ${n.tag})` : ''}
                    {n.firewall ? ' · fw' : ''}
                  </td>
                  <td className="py-1 pr-3">
                    {n.ip ?? '—'}
                    {n.gw ? ` via ${n.gw}` : ''}
                  </td>
                  <td className="py-1 pr-3">{n.ip6 ?? '—'}</td>
                  <td className="py-1">{n.hwaddr ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {o.description ? <p className="mt-3 whitespace-pre-wrap text-sm text-zinc-600 dark:text-zinc-400">{o.description}</p> : null}
    </>
  );
}

/** Status, addresses, uptime, resources and tags, live from Proxmox VE (or the last cached row). */
export function OverviewCard({ o, pveNode, vmid }: { o: ContainerOverview; pveNode?: string; vmid: number }) {
  const running = o.status === 'running';
  return (
    <OverviewSection o={o} pveNode={pveNode} vmid={vmid} after={<NetworksTable o={o} />}>
      <Fact label="IP address">{o.addresses.length ? <span className="font-mono text-xs">{o.addresses.join(', ')}</span> : running ? 'none reported' : '—'}</Fact>
      <Fact label="Uptime">{running ? formatUptime(o.uptime) : '—'}</Fact>
      <Fact label="CPU">{running ? `${formatPercent(o.cpu)} of ${formatCount(o.cpus ?? o.cores, 'core')}` : formatCount(o.cores ?? o.cpus, 'core')}</Fact>
      <Fact label="Memory">{running ? <Usage used={o.mem} max={o.maxmem} /> : o.memoryMiB ? `${o.memoryMiB} MiB` : '—'}</Fact>
      <Fact label="Swap">{running && o.maxswap ? <Usage used={o.swap} max={o.maxswap} /> : o.swapMiB !== undefined ? `${o.swapMiB} MiB` : '—'}</Fact>
      <Fact label="Root disk">{running ? <Usage used={o.disk} max={o.maxdisk} /> : o.rootfs ? `${o.rootfs.size ?? '?'} on ${o.rootfs.volume.split(':')[0]}` : '—'}</Fact>
      <Fact label="OS">{[o.ostype, o.arch].filter(Boolean).join(' · ') || '—'}</Fact>
      <Fact label="Type">
        {o.unprivileged === undefined ? '—' : o.unprivileged ? 'unprivileged' : 'privileged'}
        {o.features.length ? ` · ${o.features.join(', ')}` : ''}
      </Fact>
      <Fact label="Start at boot">
        {o.onboot === undefined ? '—' : o.onboot ? 'yes' : 'no'}
        {o.protection ? ' · protected' : ''}
      </Fact>
      <TagsFact tags={o.tags} />
    </OverviewSection>
  );
}

import Link from 'next/link';
import { allows } from '@kiln/services';
import { StatusPill } from '@/features/containers/components/status-pill';
import { NodeBadge } from '@/features/containers/components/node-badge';
import { MetricsPanel } from '@/features/metrics/components/metrics-panel';
import { formatBytes, formatCount, formatPercent, formatUptime } from '@/lib/format';
import type { VmPageData } from '../queries';
import { ActionBar } from './action-bar';
import { ContainerTabs, VM_TABS, type TabKey } from './tabs';
import { Fact, OverviewSection, TagsFact, Usage } from './overview-card';

/** Addresses from the guest agent, or a plain reason why there are none. */
function Addresses({ ips, note, running }: { ips: string[]; note?: string; running: boolean }) {
  if (!running) return <>—</>;
  if (ips.length) return <span className="font-mono text-xs">{ips.join(', ')}</span>;
  return (
    <span className="text-amber-700 dark:text-amber-400" data-testid="vm-ip-note">
      {note === 'agent not running'
        ? 'Guest agent not running: install and start qemu-guest-agent in the VM to see its addresses.'
        : note === 'no guest agent'
          ? 'No guest agent configured: enable the QEMU guest agent in the VM’s options.'
          : (note ?? 'none reported')}
    </span>
  );
}

/**
 * A QEMU VM on the containers' route: status, resources, addresses, metrics and power operations,
 * and (its other tabs, `section`) snapshots and backups. No console or settings for VMs in this
 * release (said on the page).
 */
export function VmView({ d, active, tab = 'overview', section }: { d: VmPageData; active?: { id: string; kind: string }; tab?: TabKey; section?: React.ReactNode }) {
  const o = d.overview;
  const running = o.status === 'running';
  const paused = o.qmpstatus === 'paused';
  return (
    <>
      <div className="mb-4">
        <nav aria-label="Breadcrumb" className="mb-1 text-sm text-zinc-500">
          <Link href="/containers?q=type%3Avm" className="hover:underline">
            Virtual machines
          </Link>{' '}
          /
        </nav>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="mr-1 break-all text-2xl font-semibold tracking-tight">{d.name}</h1>
          <StatusPill status={paused ? 'paused' : o.status} />
          <NodeBadge name={d.pveNode} />
          <span className="type-badge type-vm">VM</span>
          <span className="font-mono text-xs text-zinc-500">VM {d.ref.vmid}</span>
          {o.lock ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300">locked: {o.lock}</span> : null}
        </div>
      </div>
      {allows(d.access, 'operator') ? (
        <div className="mb-4">
          <ActionBar nodeId={d.ref.nodeId} vmid={d.ref.vmid} name={d.name} status={o.status} paused={paused} canDelete={false} active={active} guest="qemu" />
        </div>
      ) : (
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">This node is shared with you read-only: its owner can give you operator access.</p>
      )}
      <ContainerTabs base={`/containers/${d.ref.nodeId}/${d.ref.vmid}`} active={tab} tabs={VM_TABS} label="VM sections" />
      {tab !== 'overview' ? (
        section
      ) : (
        <div className="space-y-4">
          <OverviewSection o={o} pveNode={d.pveNode} vmid={d.ref.vmid}>
            <Fact label="IP address">
              <Addresses ips={o.ips} note={o.ipNote} running={running} />
            </Fact>
            <Fact label="Uptime">{running ? formatUptime(o.uptime) : '—'}</Fact>
            <Fact label="CPU">{running ? `${formatPercent(o.cpu)} of ${formatCount(o.cpus, 'core')}` : formatCount(o.cpus, 'core')}</Fact>
            <Fact label="Memory">{running ? <Usage used={o.mem} max={o.maxmem} /> : o.maxmem ? formatBytes(o.maxmem) : '—'}</Fact>
            <Fact label="Disk">{o.maxdisk ? formatBytes(o.maxdisk) : '—'}</Fact>
            <Fact label="Guest agent">{o.agent === undefined ? '—' : o.agent ? 'enabled' : 'not enabled'}</Fact>
            <TagsFact tags={o.tags} />
          </OverviewSection>
          <MetricsPanel source={{ kind: 'container', nodeId: d.ref.nodeId, vmid: d.ref.vmid }} title="Metrics" />
          <p className="card px-4 py-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="vm-console-note">
            Console is not available for VMs. Settings of VMs are managed in Proxmox VE for now.
          </p>
        </div>
      )}
    </>
  );
}

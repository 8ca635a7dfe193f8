import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ActionBar } from '@/features/container-detail/components/action-bar';
import { ContainerHeader } from '@/features/container-detail/components/header';
import { HistoryPanel } from '@/features/container-detail/components/history-panel';
import { OverviewCard } from '@/features/container-detail/components/overview-card';
import { ProvenanceCard } from '@/features/container-detail/components/provenance-card';
import { ProvisioningSlot } from '@/features/container-detail/components/provisioning-slot';
import { ContainerTabs, tabOf } from '@/features/container-detail/components/tabs';
import { activeOperation, containerPage, historyFor, recentOperations, vmPage } from '@/features/container-detail/queries';
import { VmView } from '@/features/container-detail/components/vm-view';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { ConsoleTerminal } from '@/features/console/components/console-terminal';
import { MetricsPanel } from '@/features/metrics/components/metrics-panel';
import { ServicesPanel } from '@/features/services/components/services-panel';
import { SettingsTab } from '@/features/container-settings/components/settings-tab';
import { SnapshotsPanel } from '@/features/snapshots/components/snapshots-panel';
import { UpdatesPanel } from '@/features/updates/components/updates-panel';
import { containerUpdates } from '@/features/updates/queries';
import { OPERATIONS, allows } from '@kiln/services';
import { OperationsCard } from '@/features/operations/components/operations-card';
import { AutoRefresh } from '@/features/containers/components/auto-refresh';
import { requireUser } from '@/server/session';
import { BackupsPanel } from '@/features/backups/components/backups-panel';
import { backupsPage } from '@/features/backups/queries';
import { UpdateCard } from '@/features/updates/components/update-card';
import { updatePanel } from '@/features/updates/queries';
import { AlertStrip } from '@/features/alerts/components/alert-strip';
import { openAlertsAboutFor } from '@/features/alerts/queries';
import { AdoptCard } from '@/features/adoption/components/adopt-card';
import { activeAdoption } from '@/features/adoption/queries';
import { CaptureCard } from '@/features/capture/components/capture-card';
import { activeCapture } from '@/features/capture/queries';
import { ChecksPanel } from '@/features/checks/components/checks-panel';
import { checksFor } from '@/features/checks/queries';

type Props = { params: Promise<{ nodeId: string; vmid: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requireUser();
  const ref = containerRefSchema.safeParse(await params);
  const vm = ref.success ? await vmPage(user.id, ref.data.nodeId, ref.data.vmid) : null;
  if (vm) return { title: `${vm.name} (VM ${vm.ref.vmid})` };
  const d = ref.success ? await containerPage(user.id, ref.data.nodeId, ref.data.vmid) : null;
  return { title: d ? `${d.name} (CT ${d.ref.vmid})` : 'Container' };
}

function Unavailable({ children }: { children: React.ReactNode }) {
  return <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">{children}</p>;
}

/** The checks of the container's Kiln row; a container Kiln does not manage has none until it is adopted. */
async function ChecksTab({ userId, nodeId, vmid, canEdit }: { userId: string; nodeId: string; vmid: number; canEdit: boolean }) {
  const checks = await checksFor(userId, { nodeId, vmid });
  if (!checks) return <Unavailable>Kiln does not manage this container: adopt it to add service checks.</Unavailable>;
  return <ChecksPanel nodeId={nodeId} vmid={vmid} checks={checks} canEdit={canEdit} />;
}

/** One container, Kiln-created or discovered: overview and metrics, services, snapshots, console, settings, backups, history. */
export default async function ContainerPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const ref = containerRefSchema.safeParse(await params);
  if (!ref.success) notFound();
  const tab = tabOf((await searchParams).tab);
  // VMs share this route (VMIDs are unique in a cluster): their page has no container tabs
  const vm = await vmPage(user.id, ref.data.nodeId, ref.data.vmid);
  if (vm) {
    const running = allows(vm.access, 'operator') ? await activeOperation(user.id, vm.ref) : null;
    const vmTab = tab === 'snapshots' || tab === 'backups' ? tab : 'overview';
    const { nodeId, vmid } = vm.ref;
    const section =
      vmTab === 'snapshots' ? (
        <SnapshotsPanel nodeId={nodeId} vmid={vmid} name={vm.name} guest="qemu" canChange={allows(vm.access, OPERATIONS['vm.snapshot.create'].need)} />
      ) : vmTab === 'backups' ? (
        <BackupsPanel
          data={await backupsPage(user.id, vm.ref)}
          container={{ nodeId, vmid, name: vm.name, pveNode: vm.pveNode, guest: 'qemu', canBackUp: allows(vm.access, OPERATIONS['backup.create'].need) }}
        />
      ) : null;
    return (
      <>
        {vmTab === 'overview' ? <AutoRefresh /> : null}
        <VmView d={vm} active={running ? { id: running.id, kind: running.kind } : undefined} tab={vmTab} section={section} />
      </>
    );
  }
  const d = await containerPage(user.id, ref.data.nodeId, ref.data.vmid);
  if (!d) notFound();
  const { nodeId, vmid } = d.ref;
  const base = `/containers/${nodeId}/${vmid}`;
  const running = d.overview?.status === 'running';
  const creating = d.kiln?.lifecycle === 'creating';
  const canAct = allows(d.access, 'operator');
  const [active, alerts] = await Promise.all([canAct ? activeOperation(user.id, d.ref) : null, openAlertsAboutFor(user.id, { nodeId, vmid })]);
  // The Update card: on the overview of a container that exists and is not being created.
  const updates = tab === 'overview' && d.exists && !creating ? await updatePanel(user.id, d.ref, d.pveNode, d.kiln?.lifecycle === 'ready' ? d.kiln : null) : null;
  // A discovered container (no Kiln row, or only a deleted one's history): operators may adopt it.
  const adoptable = tab === 'overview' && d.exists && canAct && !d.provenance;
  const adopting = adoptable ? await activeAdoption(user.id, d.ref) : null;
  // Any container the user operates (Kiln-made, adopted or discovered) can become a template draft.
  const capturable = tab === 'overview' && d.exists && canAct && !creating;
  const capturing = capturable ? await activeCapture(user.id, d.ref) : null;
  const aside = d.provenance ? <ProvenanceCard p={d.provenance} /> : adoptable ? <AdoptCard nodeId={nodeId} vmid={vmid} name={d.name} activeId={adopting ?? undefined} /> : null;
  const readOnly = <Unavailable>This node is shared with you read-only: its owner can give you operator access.</Unavailable>;

  return (
    <>
      {/* Status, name and figures follow the 5 s poll like the table; the console and services tabs keep their own live state. */}
      {tab === 'overview' || tab === 'history' || tab === 'checks' ? <AutoRefresh /> : null}
      <ContainerHeader d={d} />
      <AlertStrip alerts={alerts} />
      {d.kiln ? <ProvisioningSlot kiln={d.kiln} userId={user.id} /> : null}
      {d.exists && canAct ? (
        <div className="mb-4">
          <ActionBar
            nodeId={nodeId}
            vmid={vmid}
            name={d.name}
            status={d.overview?.status ?? 'unknown'}
            canDelete={!creating && allows(d.access, OPERATIONS['container.delete'].need)}
            active={active ? { id: active.id, kind: active.kind } : undefined}
          />
        </div>
      ) : d.kiln?.lifecycle === 'deleted' ? (
        <p role="status" className="mb-4 rounded-md border border-zinc-300 bg-zinc-100 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900">
          This container was deleted. Kiln keeps its history below.
        </p>
      ) : null}
      <ContainerTabs base={base} active={tab} />
      {tab === 'overview' ? (
        <div className="space-y-4">
          <div className={aside ? 'grid gap-4 xl:grid-cols-3' : ''}>
            <div className={aside ? 'xl:col-span-2' : ''}>
              {d.overview ? <OverviewCard o={d.overview} pveNode={d.pveNode} vmid={vmid} /> : <Unavailable>Proxmox VE does not list this container{creating ? ' yet' : ''}.</Unavailable>}
            </div>
            {aside}
          </div>
          {updates ? (
            <UpdateCard
              nodeId={nodeId}
              vmid={vmid}
              info={updates.info}
              backupStorages={updates.backupStorages}
              canUpdate={canAct && !creating}
              running={running}
              activeId={active?.kind === 'container.update' ? active.id : undefined}
            />
          ) : null}
          {capturable ? <CaptureCard nodeId={nodeId} vmid={vmid} name={d.name} running={running} activeId={capturing ?? undefined} /> : null}
          {d.exists ? <MetricsPanel source={{ kind: 'container', nodeId, vmid }} title="Metrics" alertsKey={alerts.map((a) => `${a.id}:${a.state}`).join(',')} /> : null}
        </div>
      ) : null}
      {tab === 'services' ? (
        !canAct ? (
          readOnly
        ) : running ? (
          <ServicesPanel nodeId={nodeId} vmid={vmid} />
        ) : (
          <Unavailable>The container is not running: start it to see its services.</Unavailable>
        )
      ) : null}
      {tab === 'checks' ? <ChecksTab userId={user.id} nodeId={nodeId} vmid={vmid} canEdit={canAct} /> : null}
      {tab === 'updates' ? (
        d.exists ? (
          <UpdatesPanel nodeId={nodeId} vmid={vmid} initial={await containerUpdates(user.id, d.ref)} canCheck={canAct} running={running} />
        ) : (
          <Unavailable>Proxmox VE does not list this container{creating ? ' yet' : ''}.</Unavailable>
        )
      ) : null}
      {tab === 'snapshots' ? (
        d.exists ? (
          <SnapshotsPanel nodeId={nodeId} vmid={vmid} name={d.name} canChange={canAct && allows(d.access, OPERATIONS['snapshot.create'].need)} />
        ) : (
          <Unavailable>Proxmox VE does not list this container, so it has no snapshots.</Unavailable>
        )
      ) : null}
      {tab === 'console' ? (
        !canAct ? (
          readOnly
        ) : running ? (
          <ConsoleTerminal nodeId={nodeId} vmid={vmid} name={d.name} />
        ) : (
          <Unavailable>The container is not running: start it to open a console.</Unavailable>
        )
      ) : null}
      {tab === 'settings' ? (
        d.exists ? (
          <SettingsTab userId={user.id} containerRef={d.ref} canEdit={canAct && !creating} />
        ) : (
          <Unavailable>Proxmox VE does not list this container{creating ? ' yet' : ''}.</Unavailable>
        )
      ) : null}
      {tab === 'backups' ? (
        <BackupsPanel
          data={await backupsPage(user.id, d.ref)}
          container={{ nodeId, vmid, name: d.name, pveNode: d.pveNode, canBackUp: d.exists && allows(d.access, OPERATIONS['backup.create'].need) }}
        />
      ) : null}
      {tab === 'history' ? (
        <div className="space-y-4">
          <OperationsCard operations={await recentOperations(user.id, d.ref)} title="Your recent operations" compact />
          <HistoryPanel h={await historyFor(user.id, d.ref)} nodeId={nodeId} vmid={vmid} />
        </div>
      ) : null}
    </>
  );
}

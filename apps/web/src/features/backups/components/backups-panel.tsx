import Link from 'next/link';
import { formatAge } from '@/lib/format';
import type { BackupsPageData } from '../queries';
import { ArchiveList } from './archive-list';
import { BackupNowDialog } from './backup-now-dialog';
import { JobsCard } from './jobs-card';
import { RefreshBackupsButton } from './refresh-button';
import { ThresholdForm } from './threshold-form';

export interface PanelContainer {
  nodeId: string;
  vmid: number;
  name: string;
  pveNode?: string;
  canBackUp: boolean;
  /** A VM's Backups section (its backups are `vzdump-qemu-*` archives, restored as VMs). */
  guest?: 'lxc' | 'qemu';
}

/**
 * Backups of all clusters (the Backups page) or of one container (its Backups tab): freshness,
 * what needs attention, the archives with restore and delete, and the backup jobs.
 */
/** Archives per page of the Backups page (a container's tab shows all of its own). */
export const ARCHIVES_PER_PAGE = 100;

export function BackupsPanel({ data, container, page = 0 }: { data: BackupsPageData; container?: PanelContainer; page?: number }) {
  const { model, guests, features } = data;
  const disks: Record<string, string[]> = {};
  for (const [nodeId, s] of Object.entries(model.storages)) for (const d of s.disk) (disks[`${nodeId}|${d.pveNode}`] ??= []).push(d.storage);
  const clusters = container ? model.clusters.filter((c) => model.storages[c.nodeId] !== undefined || c.nodeId === container.nodeId) : model.clusters;
  if (clusters.length === 0) return <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">Add a Proxmox VE node to see its backups.</p>;
  return (
    <div className="space-y-6">
      {clusters.map((c) => {
        const off = features[c.nodeId] ?? [];
        const all = model.archives.filter((a) => a.nodeId === c.nodeId);
        const pages = Math.max(1, Math.ceil(all.length / ARCHIVES_PER_PAGE));
        const at = container ? 0 : Math.min(page, pages - 1);
        const shown = container ? all : all.slice(at * ARCHIVES_PER_PAGE, (at + 1) * ARCHIVES_PER_PAGE);
        const backupStorages = (model.storages[c.nodeId]?.backup ?? []).filter((s) => !container || s.shared || s.pveNode === container.pveNode);
        return (
          <section key={c.nodeId} className="space-y-2" aria-label={`Cluster ${c.label}`}>
            <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
              <h2 className="font-semibold">{container ? 'Backups' : c.label}</h2>
              <div className="flex items-center gap-2 text-zinc-600 dark:text-zinc-400">
                <span>{c.fetchedAt ? `read ${formatAge(c.fetchedAt)}` : 'not read yet'}</span>
                <RefreshBackupsButton nodeId={c.nodeId} />
              </div>
            </div>
            {c.error ? (
              <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950/40">
                The last read failed: {c.error} Showing what Kiln read before.
              </p>
            ) : null}
            {c.unreachable.length ? <p className="text-sm text-amber-800 dark:text-amber-300">Not answering: {c.unreachable.join(', ')} (their local storages are missing here).</p> : null}
            {off.map((f) => (
              <div key={f.feature} role="note" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950/40">
                <p>
                  {f.label} may not work: the API token lacks {f.missing.join('; ')}.
                </p>
                {c.access === 'owner' ? (
                  <Link className="underline" href={`/settings/nodes/${c.nodeId}#features`}>
                    How to grant it
                  </Link>
                ) : (
                  <p>The node’s owner can grant it.</p>
                )}
              </div>
            ))}
            {container?.canBackUp && container.nodeId ? (
              <BackupNowDialog
                nodeId={container.nodeId}
                vmid={container.vmid}
                name={container.name}
                guest={container.guest}
                storages={backupStorages.map((s) => ({ storage: s.storage, label: `${s.storage}${s.shared ? ' (shared)' : ''}` }))}
              />
            ) : null}
            <Warnings warnings={model.warnings.filter((w) => w.nodeId === c.nodeId || !!container)} maxAgeDays={model.maxAgeDays} container={!!container} />
            <h3 className="text-sm font-medium">Archives{!container && all.length ? ` (${all.length}, newest first)` : ''}</h3>
            <ArchiveList archives={shown} disks={disks} showGuest={!container} />
            {pages > 1 ? (
              <nav aria-label="Archive pages" className="flex items-center gap-3 text-sm">
                {at > 0 ? (
                  <Link className="underline" href={`/backups?page=${at}`}>
                    Newer
                  </Link>
                ) : null}
                <span>
                  Page {at + 1} of {pages}
                </span>
                {at < pages - 1 ? (
                  <Link className="underline" href={`/backups?page=${at + 2}`}>
                    Older
                  </Link>
                ) : null}
              </nav>
            ) : null}
            <h3 className="text-sm font-medium">Backup jobs</h3>
            {c.jobsReadable ? (
              <JobsCard
                nodeId={c.nodeId}
                canEdit={c.access === 'owner' && !container}
                emptyText={container ? 'No backup job covers this container (create one on the Backups page).' : 'No backup jobs in this cluster.'}
                jobs={model.jobs.filter((j) => j.nodeId === c.nodeId)}
                guests={guests[c.nodeId] ?? []}
                pools={c.pools}
                storages={(model.storages[c.nodeId]?.backup ?? []).map((s) => s.storage).filter((s, i, all) => all.indexOf(s) === i)}
              />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">The API token may not read backup jobs (it needs Sys.Audit on /).</p>
            )}
          </section>
        );
      })}
      {!container ? <ThresholdForm days={model.maxAgeDays} /> : null}
    </div>
  );
}

function Warnings({ warnings, maxAgeDays, container }: { warnings: BackupsPageData['model']['warnings']; maxAgeDays: number; container: boolean }) {
  if (warnings.length === 0) return null;
  const shown = warnings.slice(0, 50);
  return (
    <details className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950/40" open={container || warnings.length <= 5} data-testid="backup-warnings">
      <summary className="cursor-pointer font-medium">
        {container ? warnings[0]?.reasons.join(' ') : `${warnings.length} guest${warnings.length === 1 ? '' : 's'} need a backup (no job, a failed backup, or none newer than ${maxAgeDays} days)`}
      </summary>
      {!container ? (
        <ul className="mt-2 space-y-1">
          {shown.map((w) => (
            <li key={`${w.nodeId}-${w.vmid}`}>
              <Link className="underline" href={`/containers/${w.nodeId}/${w.vmid}?tab=backups`}>
                {w.guest === 'qemu' ? 'VM' : 'CT'} {w.vmid} {w.name}
              </Link>
              : {w.reasons.join(' ')}
            </li>
          ))}
          {warnings.length > shown.length ? <li>… and {warnings.length - shown.length} more.</li> : null}
        </ul>
      ) : null}
    </details>
  );
}

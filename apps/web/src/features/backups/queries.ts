import 'server-only';
import type { KilnFeature } from '@kiln/pve';
import { backupsView, readInventory, type UnavailableFeature } from '@kiln/services';
import { deps } from '@/server/services';
import { userNodes } from '@/features/nodes/queries';
import type { JobGuest } from './components/job-dialog';
import { backupsModel } from './model';

/** Optional features a node's last connection test found unavailable (no PVE call). */
export function unavailableFeatures(node: { lastCheck: unknown }): UnavailableFeature[] {
  const report = node.lastCheck as { unavailableFeatures?: UnavailableFeature[] } | null;
  return Array.isArray(report?.unavailableFeatures) ? report.unavailableFeatures : [];
}

const BACKUP_FEATURES = new Set<string>(['backups', 'backup-jobs'] satisfies KilnFeature[]);

/**
 * Every cluster's backups the user can see (or one container's), from the worker's caches only:
 * the catalog per cluster and the inventory snapshot, so a page view costs Proxmox VE nothing.
 */
export async function backupsPage(userId: string, only?: { nodeId: string; vmid: number }) {
  const nodes = await userNodes(userId);
  const [view, inventory] = await Promise.all([backupsView(deps(), userId, { nodes }), readInventory(deps().db, deps().redis, userId, { nodes })]);
  // containers and VMs alike: archives name their guest, jobs select and warnings count both
  const rows = inventory.rows;
  const model = backupsModel(view, rows, Date.now(), only);
  const guests: Record<string, JobGuest[]> = {};
  for (const c of view.clusters) {
    const ids = new Set(c.nodeIds);
    guests[c.nodeId] = rows.filter((r) => ids.has(r.nodeId)).map((r) => ({ vmid: r.vmid, name: r.name, tags: r.tags, guest: r.type === 'qemu' ? ('qemu' as const) : ('lxc' as const) }));
  }
  const features: Record<string, UnavailableFeature[]> = {};
  for (const c of view.clusters) {
    // only the backup features: the node page lists the others (OCI pull has no place here)
    features[c.nodeId] = unavailableFeatures(nodes.find((n) => n.id === c.nodeId) ?? { lastCheck: null }).filter((f) => BACKUP_FEATURES.has(f.feature));
  }
  return { model, guests, features };
}
export type BackupsPageData = Awaited<ReturnType<typeof backupsPage>>;

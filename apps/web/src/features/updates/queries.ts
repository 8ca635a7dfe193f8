import 'server-only';
import { containerUpdateStatus, listUpdateSchedules, nodeUpdateCounts, templateUpdateInfo } from '@kiln/services';
import { deps } from '@/server/services';
import { backupsPage } from '@/features/backups/queries';
import { userNodes } from '@/features/nodes/queries';

/**
 * What the Update card needs: the newer versions of a Kiln-made container's template (with their
 * changelogs), and the backup storages the container's PVE node can write to (the caches only).
 */
export async function updatePanel(
  userId: string,
  ref: { nodeId: string; vmid: number },
  pveNode: string | undefined,
  kiln: { templateId: string | null; templateSlug: string | null; templateVersion: string | null } | null,
) {
  const [info, backups] = await Promise.all([kiln ? templateUpdateInfo(deps().db, userId, kiln) : Promise.resolve(undefined), backupsPage(userId, ref).catch(() => undefined)]);
  const storages = (backups?.model.storages[ref.nodeId]?.backup ?? []).filter((s) => s.shared || s.pveNode === pveNode).map((s) => s.storage);
  return { info: info ?? null, backupStorages: [...new Set(storages)] };
}
export type UpdatePanelData = Awaited<ReturnType<typeof updatePanel>>;

export function containerUpdates(userId: string, ref: { nodeId: string; vmid: number }) {
  return containerUpdateStatus(deps().db, userId, ref);
}

export function nodeUpdates(userId: string, nodeId: string) {
  return nodeUpdateCounts(deps().db, userId, nodeId);
}

/** The Updates settings page: the user's schedules, and the nodes a schedule may name (operator or owner). */
export async function updateSchedulesPage(userId: string) {
  const [schedules, nodes] = await Promise.all([listUpdateSchedules(deps(), userId), userNodes(userId)]);
  return { schedules, nodes: nodes.filter((n) => n.access !== 'viewer').map((n) => ({ id: n.id, name: n.name })) };
}

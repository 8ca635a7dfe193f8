import 'server-only';
import { firingAlertCount, listAlerts, notificationSettings, openAlertStates, openAlertSummary, openAlertsAbout, type AlertFilter, type Inventory } from '@kiln/services';
import { deps } from '@/server/deps';

/** Pages of the alerts feature read through here; every query is scoped by the signed-in user. */
export const alertsFor = (userId: string, filter: AlertFilter) => listAlerts(deps().db, userId, filter);
export const firingCountFor = (userId: string) => firingAlertCount(deps().db, userId);
/** The user's open container alerts by "<clusterKey>|<vmid>" (the containers table's chips and `alert:` search). */
export const alertStatesFor = (userId: string) => openAlertStates(deps().db, userId);
/** The firing count and the open states in one query (cached views key on both). */
export const alertSummaryFor = (userId: string) => openAlertSummary(deps().db, userId);
export const notificationSettingsFor = (userId: string) => notificationSettings(deps().db, userId);
export type AlertRow = Awaited<ReturnType<typeof alertsFor>>[number];
export type { NotificationSettings } from '@kiln/services';

/** The inventory's rows with their open alert state (for the containers table's `alert:` search). */
export async function withAlertStates(userId: string, inv: Inventory) {
  const states = await alertStatesFor(userId);
  const clusterOf = new Map(inv.clusters.flatMap((c) => c.nodes.map((n) => [n.id, c.clusterKey] as const)));
  return inv.rows.map((r) => ({ ...r, alert: states.get(`${clusterOf.get(r.nodeId) ?? ''}|${r.vmid}`) }));
}

/** The open alert state of each of `rows` that has one, by row id (`nodeId:vmid`): the containers table's alert chips. */
export async function rowAlertStates(userId: string, inv: Inventory, rows: readonly { nodeId: string; vmid: number }[]): Promise<Record<string, 'firing' | 'acknowledged'>> {
  const states = await alertStatesFor(userId);
  const out: Record<string, 'firing' | 'acknowledged'> = {};
  if (states.size === 0) return out;
  const clusterOf = new Map(inv.clusters.flatMap((c) => c.nodes.map((n) => [n.id, c.clusterKey] as const)));
  for (const r of rows) {
    const state = states.get(`${clusterOf.get(r.nodeId) ?? ''}|${r.vmid}`);
    if (state) out[`${r.nodeId}:${r.vmid}`] = state;
  }
  return out;
}

export const openAlertsAboutFor = (userId: string, target: { nodeId: string; vmid?: number }) => openAlertsAbout(deps().db, userId, target);

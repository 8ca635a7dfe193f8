import 'server-only';
import { firingAlertCount, listAlerts, notificationSettings, type AlertFilter } from '@kiln/services';
import { deps } from '@/server/deps';

/** Pages of the alerts feature read through here; every query is scoped by the signed-in user. */
export const alertsFor = (userId: string, filter: AlertFilter) => listAlerts(deps().db, userId, filter);
export const firingCountFor = (userId: string) => firingAlertCount(deps().db, userId);
export const notificationSettingsFor = (userId: string) => notificationSettings(deps().db, userId);
export type AlertRow = Awaited<ReturnType<typeof alertsFor>>[number];
export type { NotificationSettings } from '@kiln/services';

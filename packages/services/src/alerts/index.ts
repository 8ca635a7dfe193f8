export { evaluateAlerts, ALERTING_OPERATION_KINDS, type AlertEngineDeps, type EvaluationSummary } from './engine';
export { evaluateCluster, conditionKey, type EvaluationInput, type EvaluationResult, type FiringCondition } from './evaluate';
export { RuleSet, DEFAULT_RULES, type EffectiveRule } from './rules';
export { runDelivery, DeliveryFailed, type DeliveryDeps } from './deliver';
export { listChannels, saveChannel, deleteChannel, sendTestNotification, recentDeliveries, type ChannelView } from './channels';
export { channelSchemas, channelInputSchema, CHANNEL_KINDS, CHANNEL_LABELS, type ChannelInput, type ChannelKindName } from './channel-schema';
export { FORMATTERS, subject, type NotificationMessage } from './message';
export { keepWatchedClustersPolled } from './watch';
export { DELIVERY_ATTEMPTS } from './notify';
export {
  listAlerts,
  firingAlertCount,
  openAlertStates,
  openAlertSummary,
  openAlertsAbout,
  acknowledgeAlert,
  snoozeAlert,
  addMaintenanceWindow,
  listMaintenanceWindows,
  deleteMaintenanceWindow,
  alertFilterSchema,
  acknowledgeSchema,
  snoozeSchema,
  maintenanceSchema,
  notificationSettings,
  type AlertFilter,
  type NotificationSettings,
} from './queries';
export { alertPeriods, MAX_PERIODS, type AlertPeriod } from './periods';
export { listRules, saveRule, deleteRule, ruleInputSchema, type RuleInput } from './rule-service';

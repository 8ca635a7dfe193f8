export { ContainerOpError } from './errors';
export { locateContainer, locateExistingContainer, type ContainerRef, type LocatedContainer } from './locate';
export { nodeSsh, sshForContainer } from './ssh-target';
export { locateContainers } from './locate';
export { containerOverview, type ContainerOverview } from './overview';
export { vmOverview, type VmOverview } from './vm-overview';
export { containerMetrics, nodeMetrics, type MetricsResult } from './metrics';
export { TIMEFRAMES, TIMEFRAME_SECONDS, toMetricPoints, downsample, type MetricPoint, type Timeframe } from './metrics-series';
export { ContainerServices, JOURNAL_MAX_LINES, type ServiceControlResult } from './services';
export { UNIT_NAME_RE, parseServices, type ServiceInfo } from './systemd';
export { RemoteContainerServices, serveServiceList, serveServiceJournal } from './services-remote';
export { startJournalFollow, keepFollowAlive, stopJournalFollow, readFollowEvents, runJournalFollow, ALIVE_RENEW_MS, type FollowEvent } from './journal-follow';
export { answer, unwrapAnswer, type JobAnswer } from './job-answer';
export { containerHistory, containerTaskLog, type ContainerHistory, type TimelineEntry, type TaskEntry } from './history';
export {
  issueConsoleTicket,
  redeemConsoleTicket,
  openConsole,
  consoleTicketKey,
  advertiseGateway,
  readGateway,
  sessionHashOf,
  sessionKeyOfHash,
  clamp,
  CONSOLE_TICKET_TTL_SECONDS,
  type ConsoleTicketData,
  type GatewayAdvert,
} from './console';
export { containerProvenance, provenanceParams, MASK, type Provenance } from './provenance';
export { containerName, containerTargetId } from './record';
export { containerSettings, nodeBridges, settingsFromConfig, sizeInGiB, type ContainerSettingsView, type SettingsDisk, type PendingRow, type NodeBridge } from './settings';

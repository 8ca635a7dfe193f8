export { DETECT_ARGV, parseDetection, UPDATE_FAMILIES, type DetectionResult, type PendingPackage, type UpdateFamily } from './detect';
export { checkContainers, CHECKS_PER_NODE, type CheckSummary, type CheckTarget } from './check';
export { checkMinute, dueTargets, runUpdateTick, runningContainers, CHECK_PERIOD_MS } from './schedule';
export { requestUpdateCheck, serveUpdateCheck, type UpdateCheckRequest } from './request';
export { containerUpdateStatus, nodeUpdateCounts, updateCountsFor, type UpdateCount, type UpdateStatusView } from './read';
export { requestContainerUpdate, containerUpdateInfo } from './update-request';
export { templateUpdateInfo, type TemplateUpdateInfo, type TemplateVersionInfo } from './plan';
export { cleanupUpdateSnapshots, type SnapshotSweep } from './cleanup';
export { runUpdateOperation, type UpdateProgress } from './runner';

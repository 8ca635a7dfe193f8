export { requestContainerUpdate, containerUpdateInfo } from './request';
export { templateUpdateInfo, type TemplateUpdateInfo, type TemplateVersionInfo } from './plan';
export { cleanupUpdateSnapshots, type SnapshotSweep } from './cleanup';
export { runUpdateOperation, type UpdateProgress } from './runner';

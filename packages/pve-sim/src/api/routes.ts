import { accessRoutes } from './access';
import { backupJobRoutes } from './backup-jobs';
import { clusterRoutes } from './cluster';
import { lxcRoutes } from './lxc';
import { networkRoutes } from './network';
import { nodeRoutes } from './nodes';
import { poolRoutes } from './pools';
import { qemuRoutes } from './qemu';
import { snapshotRoutes } from './snapshot';
import { storageRoutes } from './storage';
import { taskRoutes } from './tasks';
import type { Route } from './types';
import { uploadRoute } from './upload';
import { volumeRoutes } from './volumes';
import { vzdumpRoutes } from './vzdump';

/** Every API method the simulator implements; others in the schema answer 501. */
export function allRoutes(localFingerprint: () => string, clock: () => number = Date.now): Route[] {
  return [
    ...nodeRoutes(localFingerprint),
    ...clusterRoutes(),
    ...storageRoutes(),
    ...volumeRoutes(),
    uploadRoute(),
    ...lxcRoutes(),
    ...qemuRoutes(),
    ...snapshotRoutes(),
    ...networkRoutes(),
    ...vzdumpRoutes(),
    ...backupJobRoutes(clock),
    ...taskRoutes(),
    ...accessRoutes(),
    ...poolRoutes(),
  ];
}

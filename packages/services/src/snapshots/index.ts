export { containerSnapshots, requestSnapshotList, serveSnapshotList, type SnapshotList } from './read';
export { snapshotCapability, PVE_SNAPSHOT_REFUSAL, type SnapshotCapability, type ContainerDisk } from './capability';
export { snapshotTree, type SnapshotEntry } from './tree';

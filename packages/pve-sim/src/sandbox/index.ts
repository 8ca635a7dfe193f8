export { createRootfs, destroyRootfs, type RootfsOptions } from './rootfs';
export { copyTree, replaceTree, removeTree } from './tree';
export { sandboxMode, sandboxUnavailableReason, type SandboxMode } from './host-tools';
export { spawnInContainer, killContainerProcesses, CONTAINER_PATH, type SandboxProcess, type SandboxSpawnOptions, type SandboxTarget } from './spawn';
export { containerStarted, containerStopped } from './lifecycle';
export { stopInitsUnder } from './init';
export { claimHostBridge, registerGuestNetwork, startLoopbackRelay, type GuestNic, type HostBridge, type LoopbackRelay } from './network';

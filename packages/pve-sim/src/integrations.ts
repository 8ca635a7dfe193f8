import { containerStarted, containerStopped, copyTree, createRootfs, destroyRootfs, removeTree, replaceTree, sandboxMode, stopInitsUnder } from './sandbox';

/**
 * What the API side needs from the container sandbox (built by the SSH side in `src/sandbox`):
 * a root filesystem per container, and guest services following the container's power state.
 * An interface so the simulator core does not depend on the sandbox's internals.
 */
export interface SandboxModule {
  createRootfs(rootDir: string, opts: { hostname: string; ostemplate: string }): Promise<void>;
  destroyRootfs(rootDir: string): Promise<void>;
  /** Copies a root filesystem (snapshots, backups). */
  copyTree(from: string, to: string): Promise<void>;
  /** Replaces a container's root filesystem with a copy of `from` (rollback, restore). */
  replaceTree(from: string, rootDir: string): Promise<void>;
  removeTree(dir: string): Promise<void>;
  sandboxMode(): 'namespaces' | 'record-only';
  started(target: { vmid: number; rootDir: string; hostname: string }): Promise<void>;
  stopped(target: { vmid: number; rootDir: string; hostname: string }): Promise<void>;
  /** Ends every running container whose rootfs lies below `rootfsBase` (the simulator closes). */
  stopAll(rootfsBase: string): Promise<void>;
}

export const sandbox: SandboxModule = {
  createRootfs,
  destroyRootfs,
  copyTree,
  replaceTree,
  removeTree,
  sandboxMode,
  started: containerStarted,
  stopped: containerStopped,
  stopAll: stopInitsUnder,
};

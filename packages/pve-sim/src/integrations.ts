import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimClusterView } from './cluster-view';

/**
 * The SSH side of the simulator (`src/ssh`, `src/sandbox`) is built in parallel by another
 * engineer. These are the agreed signatures; until their modules exist the API side falls back
 * to a record-only root directory and runs without SSH servers.
 */
export interface SandboxModule {
  createRootfs(rootDir: string, opts: { hostname: string; ostemplate: string }): Promise<void>;
  destroyRootfs(rootDir: string): Promise<void>;
  sandboxMode(): 'namespaces' | 'record-only';
}

export interface NodeSshServer {
  port: number;
  hostKeyFingerprint: string;
  close(): Promise<void>;
}

export interface SshModule {
  startNodeSshServer(opts: {
    view: SimClusterView;
    node: string;
    host: string;
    port: number;
    hostKey: string;
    rootPassword: string;
    authorizedKeysFile: string | undefined;
    latencyMs: number;
  }): Promise<NodeSshServer>;
  loadOrCreateHostKey(dataDir: string, node: string): Promise<string>;
}

/** Minimal stand-in: a directory with the container's hostname, nothing runs inside. */
const fallbackSandbox: SandboxModule = {
  async createRootfs(rootDir, opts) {
    await mkdir(join(rootDir, 'etc'), { recursive: true });
    await writeFile(join(rootDir, 'etc', 'hostname'), `${opts.hostname}\n`);
  },
  async destroyRootfs(rootDir) {
    await rm(rootDir, { recursive: true, force: true });
  },
  sandboxMode: () => 'record-only',
};

// Specifiers in variables: the modules may not exist yet, so the type checker must not resolve them.
const SANDBOX_SPEC = './sandbox/index';
const SSH_SPEC = './ssh/index';

function isMissingModule(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|Does the file exist/i.test(String(err));
}

export async function loadSandbox(): Promise<SandboxModule> {
  try {
    const mod = (await import(/* @vite-ignore */ SANDBOX_SPEC)) as Partial<SandboxModule>;
    if (mod.createRootfs && mod.destroyRootfs && mod.sandboxMode) return mod as SandboxModule;
  } catch (err) {
    if (!isMissingModule(err)) throw err;
  }
  return fallbackSandbox;
}

export async function loadSsh(): Promise<SshModule | undefined> {
  try {
    const mod = (await import(/* @vite-ignore */ SSH_SPEC)) as Partial<SshModule>;
    if (mod.startNodeSshServer && mod.loadOrCreateHostKey) return mod as SshModule;
  } catch (err) {
    if (!isMissingModule(err)) throw err;
  }
  return undefined;
}

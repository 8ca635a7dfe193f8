/**
 * Test double of the API side: an in-memory SimClusterView whose containers have real rootfs
 * trees in a temp dir, plus a running node SSH server. For tests of the SSH side and of Kiln's
 * SSH client; the real cluster state lives in the API side of the simulator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519OpenSsh } from '@kiln/core/ssh-key';
import type { SimClusterView, SimContainerInfo } from '../../cluster-view';
import { createRootfs, destroyRootfs } from '../../sandbox';
import { loadOrCreateHostKey } from '../host-key';
import { startNodeSshServer, type NodeSshServer } from '../server';

export interface TestContainerSpec {
  vmid: number;
  node?: string;
  hostname?: string;
  status?: 'running' | 'stopped';
  config?: Record<string, string>;
  /** Create the rootfs only when prepareContainer() asks for it, like the simulator's seeded CTs. */
  lazy?: boolean;
  /** Template the rootfs is laid out from (default Debian 12; an `alpine-` one gives an Alpine CT). */
  ostemplate?: string;
}

export class MemoryClusterView implements SimClusterView {
  readonly nodeNames: readonly string[];
  readonly containers = new Map<number, SimContainerInfo>();
  readonly setCalls: { vmid: number; changes: Record<string, string>; deletes: readonly string[] }[] = [];
  /** Containers whose rootfs is still to be created, and the calls that created one. */
  readonly lazy = new Set<number>();
  readonly prepared: number[] = [];

  constructor(nodeNames: readonly string[]) {
    this.nodeNames = nodeNames;
  }

  getContainer(vmid: number): SimContainerInfo | undefined {
    return this.containers.get(vmid);
  }

  listContainers(): readonly SimContainerInfo[] {
    return [...this.containers.values()];
  }

  async prepareContainer(vmid: number): Promise<void> {
    const ct = this.containers.get(vmid);
    if (!ct || !this.lazy.delete(vmid)) return;
    await createRootfs(ct.rootDir, { hostname: ct.hostname, ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' });
    this.prepared.push(vmid);
  }

  setContainerConfig(vmid: number, changes: Record<string, string>, deletes: readonly string[]): void {
    const ct = this.containers.get(vmid);
    if (!ct) throw new Error(`Configuration file 'nodes/${this.nodeNames[0] ?? 'pve'}/lxc/${vmid}.conf' does not exist`);
    const bad = Object.keys(changes).find((k) => !/^[a-z][a-z0-9.-]*$/.test(k) || k === 'bogus');
    if (bad) throw new Error(`400 Parameter verification failed.\n${bad}: property is not defined in schema and the schema does not allow additional properties\n`);
    this.setCalls.push({ vmid, changes, deletes });
    const config = { ...ct.config, ...changes };
    for (const d of deletes) delete config[d];
    this.containers.set(vmid, { ...ct, config });
  }

  async startContainer(vmid: number): Promise<void> {
    const ct = this.containers.get(vmid);
    if (!ct) throw new Error(`Configuration file 'nodes/${this.nodeNames[0] ?? 'pve'}/lxc/${vmid}.conf' does not exist`);
    if (ct.status === 'running') throw new Error(`CT ${vmid} already running`);
    this.containers.set(vmid, { ...ct, status: 'running' });
  }

  async stopContainer(vmid: number): Promise<void> {
    const ct = this.containers.get(vmid);
    if (!ct) throw new Error(`Configuration file 'nodes/${this.nodeNames[0] ?? 'pve'}/lxc/${vmid}.conf' does not exist`);
    if (ct.status !== 'running') throw new Error(`CT ${vmid} not running`);
    this.containers.set(vmid, { ...ct, status: 'stopped' });
  }
}

export interface TestNode {
  dir: string;
  view: MemoryClusterView;
  server: NodeSshServer;
  node: string;
  host: string;
  port: number;
  rootPassword: string;
  authorizedKeysFile: string;
  /** A key pair whose public half is in authorizedKeysFile. */
  clientKey: { privateKey: string; publicKey: string };
  close(): Promise<void>;
}

export async function startTestNode(opts: { containers: TestContainerSpec[]; node?: string; latencyMs?: number }): Promise<TestNode> {
  const node = opts.node ?? 'pve1';
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kiln-sim-test-'));
  const view = new MemoryClusterView([node, 'pve2']);
  for (const spec of opts.containers) {
    const hostname = spec.hostname ?? `ct${spec.vmid}`;
    const rootDir = path.join(dir, 'rootfs', String(spec.vmid));
    if (spec.lazy) view.lazy.add(spec.vmid);
    else await createRootfs(rootDir, { hostname, ostemplate: spec.ostemplate ?? 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' });
    view.containers.set(spec.vmid, {
      vmid: spec.vmid,
      node: spec.node ?? node,
      hostname,
      status: spec.status ?? 'running',
      unprivileged: true,
      rootDir,
      config: { arch: 'amd64', cores: '1', hostname, memory: '512', ostype: 'debian', rootfs: `local-lvm:vm-${spec.vmid}-disk-0,size=8G`, ...spec.config },
    });
  }
  const pair = generateEd25519OpenSsh('test@kiln');
  const authorizedKeysFile = path.join(dir, 'authorized_keys');
  await fs.promises.writeFile(authorizedKeysFile, `# root's keys\n${pair.publicKey}\n`, { mode: 0o600 });
  const rootPassword = `pw-${Math.random().toString(36).slice(2)}`;
  const server = await startNodeSshServer({
    view,
    node,
    port: 0,
    hostKey: await loadOrCreateHostKey(dir, node),
    rootPassword,
    authorizedKeysFile,
    latencyMs: opts.latencyMs,
  });
  return {
    dir,
    view,
    server,
    node,
    host: '127.0.0.1',
    port: server.port,
    rootPassword,
    authorizedKeysFile,
    clientKey: { privateKey: pair.privateKey, publicKey: pair.publicKey },
    close: async () => {
      await server.close();
      for (const ct of view.containers.values()) await destroyRootfs(ct.rootDir);
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}

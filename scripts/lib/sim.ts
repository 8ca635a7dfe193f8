import { demoPaths, demoRootPassword, writeDemoInfo, type DemoNodeInfo } from './demo';

export interface RunningSim {
  info: DemoNodeInfo;
  infoFile: string;
  close(): Promise<void>;
}

/**
 * Starts the bundled Proxmox VE simulator in this process as a 3-node demo cluster and writes
 * the connection details the web app's "Add demo node" uses.
 */
export async function startDemoSimulator(dataDir: string, opts: { apiPort: number; sshPort: number; quiet?: boolean }): Promise<RunningSim> {
  const { startSimulator } = await import('@kiln/pve-sim');
  const { KILN_REQUIRED_PRIVILEGES } = await import('@kiln/pve');
  // Every privilege of Kiln's least-privilege setup, optional features included: a demo without
  // Sys.AccessNetwork showed "Pull OCI image" disabled and pointed at pveum commands nobody can run there.
  const privileges = [...new Set(KILN_REQUIRED_PRIVILEGES.map((p) => p.privilege))];
  const nodes = ['pve1', 'pve2', 'pve3'];
  const sim = await startSimulator({
    dataDir: demoPaths(dataDir).dir,
    apiHost: '127.0.0.1',
    apiPort: opts.apiPort,
    sshPort: opts.sshPort,
    nodes,
    seedContainersPerNode: 3,
    rootPassword: demoRootPassword(dataDir),
    tokens: [{ id: 'kiln@pve!kiln', privileges: { '/': privileges } }],
  });
  const token = sim.tokens[0]!;
  const first = sim.nodes[0]!;
  const info: DemoNodeInfo = {
    name: 'demo',
    host: '127.0.0.1',
    apiPort: sim.apiPort,
    tokenId: token.id,
    tokenSecret: token.secret,
    tlsFingerprint: sim.tlsFingerprint,
    sshHost: '127.0.0.1',
    sshPort: first.sshPort,
    sshUser: 'root',
    sshPassword: demoRootPassword(dataDir),
    sshHostKeyFingerprint: first.sshHostKeyFingerprint,
    nodes,
  };
  const infoFile = writeDemoInfo(dataDir, info);
  return { info, infoFile, close: () => sim.close() };
}

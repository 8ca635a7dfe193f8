import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@kiln/pve-sim';
import { PveClient, type PveClientOptions } from '../../src';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export interface SimHarness {
  sim: Simulator;
  /** A pinned client with the full-privilege token. */
  client: PveClient;
  /** A pinned client whose token only has VM.Audit and Sys.Audit on `/`. */
  weak: PveClient;
  clientFor(overrides: Partial<PveClientOptions>): PveClient;
  close(): Promise<void>;
}

/** A fresh 3-node simulator in its own temp dir, on random ports, with two tokens. */
export async function startSimHarness(settings: { taskDurationMs?: number; seedContainersPerNode?: number } = {}): Promise<SimHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kiln-pve-int-'));
  const removeDataDir = (): Promise<void> =>
    // Retries: a task still writing into the data dir can make a directory briefly non-empty.
    rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  const sim = await startSimulator({
    dataDir,
    apiPort: 0,
    sshPort: 0,
    ssh: false,
    nodes: ['pve1', 'pve2', 'pve3'],
    seedContainersPerNode: settings.seedContainersPerNode ?? 3,
    taskDurationMs: settings.taskDurationMs ?? 200,
    authFailureDelayMs: 50,
    tokens: [{ id: 'kiln@pve!kiln' }, { id: 'weak@pve!audit', privileges: { '/': ['VM.Audit', 'Sys.Audit'] } }],
  }).catch(async (err: unknown) => {
    await removeDataDir();
    throw err;
  });
  const clients: PveClient[] = [];
  const clientFor = (overrides: Partial<PveClientOptions>): PveClient => {
    const c = new PveClient({
      baseUrl: sim.apiUrl,
      token: sim.tokens[0]!.header,
      fingerprint: sim.tlsFingerprint,
      retry: { maxAttempts: 1 },
      ...overrides,
    });
    clients.push(c);
    return c;
  };
  const client = clientFor({});
  const weak = clientFor({ token: sim.tokens[1]!.header });
  return {
    sim,
    client,
    weak,
    clientFor,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
      await removeDataDir();
    },
  };
}

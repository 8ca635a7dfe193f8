// One simulated cluster registered in Kiln by a fresh signed-in user, for the benches that
// measure pages against it (containers, backups): the setup they share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator, type TokenOption } from '@kiln/pve-sim';
import { PveClient } from '@kiln/pve';
import { closeDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { makeUser } from '../../tests/helpers/users';
import { WebClient } from '../../tests/helpers/web-client';
import { addSimNodeOverHttp } from '../../tests/helpers/sim';

export interface BenchCluster {
  sim: Simulator;
  /** A direct client with the registered token, to set the scene. */
  pve: PveClient;
  web: WebClient;
  nodeId: string;
  close(): Promise<void>;
}

export function benchWebUrl(): string {
  const url = process.env.KILN_BENCH_WEB_URL;
  if (!url) throw new Error('KILN_BENCH_WEB_URL is not set (run through `pnpm bench`)');
  return url;
}

/** A 3-node simulator with `perNode` containers, registered as `name` by a new user. */
export async function benchCluster(opts: { name: string; perNode: number; tokens?: TokenOption[]; taskDurationMs?: number }): Promise<BenchCluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `kiln-bench-${opts.name}-`));
  const sim = await startSimulator({
    dataDir,
    apiPort: 0,
    sshPort: 0,
    nodes: ['pve1', 'pve2', 'pve3'],
    seedContainersPerNode: opts.perNode,
    taskDurationMs: opts.taskDurationMs ?? 300,
    authFailureDelayMs: 50,
    tokens: opts.tokens ?? [{ id: 'kiln@pve!kiln' }],
  });
  const pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  const user = await makeUser();
  const web = new WebClient(benchWebUrl());
  await web.login(user.username, user.password);
  const nodeId = await addSimNodeOverHttp(web, sim, opts.name);
  return {
    sim,
    pve,
    web,
    nodeId,
    async close() {
      await pve.close();
      await closePveClients();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
      await closeDb();
      await closeRedis();
    },
  };
}

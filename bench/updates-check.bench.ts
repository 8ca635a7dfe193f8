// Update check of ~300 running containers on 3 simulated nodes, as the worker's scheduler runs it
// (checkContainers: one pct exec per container over the node's pooled SSH connection, 4 at a time
// per node): wall time and SSH handshakes (target: one per node). Runs in this process (it is the
// worker's code); it needs the bench database, not the web stack.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '@kiln/pve-sim';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { sharedSshPool } from '@kiln/ssh';
import { checkContainers, closePveClients, clusterKeyOf, runningContainers, type CheckTarget } from '@kiln/services';
import { makeUser } from '../tests/helpers/users';
import { registerSimNode } from '../tests/helpers/provisioning';
import { fmt } from '../scripts/lib/proc-stats';

const PER_NODE = Number(process.env.KILN_BENCH_UPDATES_PER_NODE ?? 134);
const dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-bench-updates-'));
const sim = await startSimulator({ dataDir, apiPort: 0, sshPort: 0, nodes: ['pve1', 'pve2', 'pve3'], seedContainersPerNode: PER_NODE, taskDurationMs: 300, authFailureDelayMs: 50 });

try {
  const user = await makeUser();
  // One registered node per PVE node (SSH reaches only the node a container runs on).
  const nodes = [];
  for (const [i, n] of sim.nodes.entries()) {
    const node = await registerSimNode(user, sim, { name: `upd-${n.name}`, sshPort: n.sshPort });
    // The API answers as pve1 whichever SSH port was given: say which node this one is.
    nodes.push(await getDb().node.update({ where: { id: node.id }, data: { pveNodeName: sim.nodes[i]!.name } }));
  }
  const clusterKey = clusterKeyOf(nodes[0]!);
  const guests = await runningContainers(getRedis(), clusterKey, nodes);
  const targets: CheckTarget[] = guests.map((g) => ({ clusterKey, vmid: g.vmid, pveNode: g.node, sshNode: nodes.find((n) => n.pveNodeName === g.node) ?? null }));
  sim.packages.publish('debian', { name: 'openssh-server', version: '1:9.2p1-2+deb12u4', security: true });
  sim.packages.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u1' });

  // The connection tests of the registration opened connections: start from none.
  const pool = sharedSshPool();
  await pool.close();
  const handshakes = () => nodes.reduce((s, n) => s + (pool.stats({ host: n.sshHost || n.host, port: n.sshPort, username: n.sshUser })?.handshakes ?? 0), 0);
  for (const round of ['first (lays out each root filesystem on first use)', 'second'] as const) {
    const before = handshakes();
    const t0 = performance.now();
    const s = await checkContainers({ db: getDb() }, targets);
    const ms = performance.now() - t0;
    console.log(
      `update check of ${targets.length} containers on 3 nodes, ${round} round: ${fmt(ms / 1000)} s wall (${fmt(ms / targets.length)} ms per container), ${s.failed} failed, ${s.pending} pending upgrades found`,
    );
    console.log(`update check, ${round} round: SSH handshakes ${handshakes() - before} (target: one per node, 3 at most)`);
  }
} finally {
  await sharedSshPool().close();
  await closePveClients();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
  await closeDb();
  await closeRedis();
}

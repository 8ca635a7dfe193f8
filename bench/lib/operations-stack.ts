// What the operation benches share: a fresh 3-node simulator, a signed-in user who registered it
// through the web app (KILN_BENCH_WEB_URL, set by scripts/bench.ts), a tight operation follower,
// and "overhead beyond the PVE task time" measured the same way for every kind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '@kiln/pve-sim';
import { PveClient } from '@kiln/pve';
import { closeDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import type { OpView } from '../../tests/helpers/operations';
import { makeUser } from '../../tests/helpers/users';
import { WebClient } from '../../tests/helpers/web-client';
import { addSimNodeOverHttp } from '../../tests/helpers/sim';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export interface OperationsStack {
  /** The web app's address (KILN_BENCH_WEB_URL). */
  url: string;
  sim: Simulator;
  pve: PveClient;
  /** The signed-in user who registered the simulator. */
  user: { id: string; username: string };
  web: WebClient;
  /** The registered node's id in Kiln. */
  nodeId: string;
  /** A stopped container on `node` (thin LVM, 1 GiB). */
  createCt(node: string, vmid: number): Promise<void>;
  /** Runs an action that queues an operation, follows it to success; returns the engine's overhead (ms) and the action's round trip. */
  timedOperation(action: string, input: unknown): Promise<{ overheadMs: number; roundTripMs: number; view: OpView }>;
  close(): Promise<void>;
}

/** Follows an operation as tightly as a client can (5 ms), collecting its events. */
export async function follow(web: WebClient, id: string): Promise<{ view: OpView; events: OpView['events']; seenAt: number }> {
  let cursor = '0';
  let endedAt: number | undefined;
  const events: OpView['events'] = [];
  for (;;) {
    const view = (await (await web.fetch(`/api/operations/${id}?after=${cursor}`)).json()) as OpView;
    events.push(...view.events);
    cursor = view.cursor;
    // The row ends a moment before its last event is published: done when both say so.
    const state = view.operation.state;
    if (TERMINAL.has(state)) {
      endedAt ??= Date.now();
      if (events.some((e) => e.event.type === 'state' && e.event.state === state)) return { view, events, seenAt: Date.now() };
      if (Date.now() - endedAt > 5000) throw new Error(`operation ${id} ended ${state} but its channel never said so`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `seed`: containers the simulator creates per node (none by default: each bench makes its own). */
export async function startOperationsStack(name: string, opts: { seed?: number } = {}): Promise<OperationsStack> {
  const url = process.env.KILN_BENCH_WEB_URL;
  if (!url) throw new Error('KILN_BENCH_WEB_URL is not set (run through `pnpm bench`)');
  const dataDir = mkdtempSync(path.join(tmpdir(), `kiln-bench-${name}-`));
  const sim = await startSimulator({
    dataDir,
    apiPort: 0,
    sshPort: 0,
    nodes: ['pve1', 'pve2', 'pve3'],
    seedContainersPerNode: opts.seed ?? 0,
    taskDurationMs: 300,
    authFailureDelayMs: 50,
    tokens: [{ id: 'kiln@pve!kiln' }],
  });
  const pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  const user = await makeUser();
  const web = new WebClient(url);
  await web.login(user.username, user.password);
  const nodeId = await addSimNodeOverHttp(web, sim, `bench-${name}`);

  return {
    url,
    sim,
    pve,
    user,
    web,
    nodeId,
    async createCt(node, vmid) {
      const upid = await pve.lxcCreate(node, {
        vmid,
        hostname: `bench-${vmid}`,
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        rootfs: { storage: 'local-lvm', sizeGiB: 1 },
        net: { 0: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' } },
      });
      await pve.waitForTask(upid, { timeout: 60_000 });
    },
    // The engine's overhead is what it adds around the PVE part: from the row being written
    // (queued) to a worker running it (queue + pick-up), and from the final state being
    // published to a follower seeing it (progress). The action's HTTP round trip through the web
    // app is returned apart (it is the web app, not the engine).
    async timedOperation(action, input) {
      const t0 = Date.now();
      const r = await web.action<{ operationId: string }>(action, input);
      if (!r.data) throw new Error(`${action} failed: ${r.raw.slice(0, 300)}`);
      const roundTripMs = Date.now() - t0;
      const { view, events, seenAt } = await follow(web, r.data.operationId);
      if (view.operation.state !== 'succeeded') throw new Error(`${action} ended ${view.operation.state}: ${view.operation.message}`);
      const at = (state: string) => events.find((e) => e.event.type === 'state' && e.event.state === state)!.at;
      return { overheadMs: at('running') - at('queued') + (seenAt - at('succeeded')), roundTripMs, view };
    },
    async close() {
      await pve.close();
      await closePveClients();
      await sim.close();
      await closeDb();
      await closeRedis();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

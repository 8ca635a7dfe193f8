/**
 * Shared setup of the container-management integration tests: a fresh 3-node simulator, a user
 * with it registered as a node (SSH to pve1), and a direct PVE client to check what really happened.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { closeDb } from '@kiln/db';
import { PveClient } from '@kiln/pve';
import { closeRedis } from '@kiln/redis';
import { sharedSshPool, type NodeSsh } from '@kiln/ssh';
import { closePveClients } from '@kiln/services';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';
import { simNodeForm, startTestSim, type Simulator } from '../helpers/sim';

export interface Owner {
  user: { id: string; username: string; password: string };
  web: WebClient;
  nodeId: string;
}

export async function startSim(opts: Parameters<typeof startTestSim>[0] = {}): Promise<{ sim: Simulator; pve: PveClient }> {
  const sim = await startTestSim({ taskDurationMs: 200, ...opts });
  const pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  return { sim, pve };
}

export async function signedIn(webUrl: string) {
  const user = await makeUser();
  const web = new WebClient(webUrl);
  expect((await web.login(user.username, user.password)).status).toBe(200);
  return { user, web };
}

/** A user who registered the simulator (SSH reaches pve1). */
export async function owner(webUrl: string, sim: Simulator): Promise<Owner> {
  const { user, web } = await signedIn(webUrl);
  const res = await web.action<{ saved: boolean; nodeId: string }>('saveNodeAction', simNodeForm(sim, { name: `n-${user.username}`, trustFingerprint: sim.tlsFingerprint }));
  expect(res.data?.saved).toBe(true);
  return { user, web, nodeId: res.data!.nodeId };
}

/** A fresh simulator with a user who registered it: the usual start of a container test. */
export async function ownedSim(webUrl: string, opts: Parameters<typeof startTestSim>[0] = {}): Promise<{ sim: Simulator; pve: PveClient; a: Owner }> {
  const { sim, pve } = await startSim(opts);
  return { sim, pve, a: await owner(webUrl, sim) };
}

/**
 * A file's fresh simulator with a user who registered it, opened before its tests and closed
 * after them. The returned object is filled in by the time the tests run.
 */
export function withOwnedSim(webUrl: string): { sim: Simulator; pve: PveClient; a: Owner } {
  const fx = {} as { sim: Simulator; pve: PveClient; a: Owner };
  beforeAll(async () => void Object.assign(fx, await ownedSim(webUrl)));
  afterAll(() => closeSim(fx));
  return fx;
}

/** Closes what ownedSim/startSim opened, and the test process's own clients. */
export async function closeSim(fx: { sim?: Simulator; pve?: PveClient }): Promise<void> {
  await fx.pve?.close();
  await closePveClients();
  await fx.sim?.close();
  await closeDb();
  await closeRedis();
}

export async function lxcOn(pve: PveClient, node: string, status?: 'running' | 'stopped') {
  const all = (await pve.clusterResources('vm')).filter((g) => g.type === 'lxc' && g.node === node && !g.template);
  return all.filter((g) => !status || g.status === status).sort((a, b) => a.vmid - b.vmid);
}

/** A new container on pve1 (stopped, root disk on thin LVM unless `storage` says otherwise), as Kiln's provisioning would create one. */
export async function createCt(pve: PveClient, hostname: string, opts: { start?: boolean; storage?: string } = {}): Promise<number> {
  const vmid = await pve.nextId();
  const upid = await pve.lxcCreate('pve1', {
    vmid,
    hostname,
    ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    rootfs: { storage: opts.storage ?? 'local-lvm', sizeGiB: 2 },
    net: { 0: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' } },
  });
  await pve.waitForTask(upid, { timeout: 30_000 });
  if (opts.start) await pve.waitForTask(await pve.lxcStart('pve1', vmid), { timeout: 30_000 });
  return vmid;
}

export async function statusOf(pve: PveClient, vmid: number, node = 'pve1'): Promise<string> {
  return (await pve.lxcStatus(node, vmid)).status;
}

/** Root over SSH to the simulator's first node (pve1), from the pooled connection: `pct exec` / `pct push` as the worker runs them. */
export function rootSsh(sim: Simulator): NodeSsh {
  return sharedSshPool().node({ host: '127.0.0.1', port: sim.nodes[0]!.sshPort, username: 'root', auth: { password: sim.rootPassword }, hostKeyFingerprint: sim.nodes[0]!.sshHostKeyFingerprint });
}

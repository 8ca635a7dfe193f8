// Update checks against the simulator: a version published into its repository shows up as a
// pending upgrade with both versions and the security flag; errors are recorded plainly and keep
// the last list; the schedule picks a container at its own minute; one SSH connection per node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { sharedSshPool, type NodeSsh } from '@kiln/ssh';
import type { PveClient } from '@kiln/pve';
import { checkMinute, clusterKeyOf, containerUpdateStatus, dueTargets, nodeUpdateCounts, serveUpdateCheck, type UpdateStatusView } from '@kiln/services';
import { makeUser } from '../helpers/users';
import { registerSimNode } from '../helpers/provisioning';
import type { Simulator } from '../helpers/sim';
import { closeSim, createCt, rootSsh, startSim } from './containers-fixture';

let sim: Simulator;
let pve: PveClient;
let ssh: NodeSsh;
let user: Awaited<ReturnType<typeof makeUser>>;
let node: Awaited<ReturnType<typeof registerSimNode>>;
let vmid: number;
let other: number;
const deps = () => ({ db: getDb(), redis: getRedis() });

beforeAll(async () => {
  ({ sim, pve } = await startSim({ seed: 0 }));
  user = await makeUser();
  node = await registerSimNode(user, sim);
  ssh = rootSsh(sim);
  vmid = await createCt(pve, 'upd-a', { start: true });
  other = await createCt(pve, 'upd-b', { start: true });
  expect((await ssh.pctExec(vmid, ['apt-get', 'install', '-y', '-q', 'nginx'])).exitCode).toBe(0);
});

afterAll(async () => {
  await closeSim({ sim, pve });
});

async function status(id = vmid): Promise<UpdateStatusView> {
  const s = await containerUpdateStatus(getDb(), user.id, { nodeId: node.id, vmid: id });
  if (!s) throw new Error(`no update status for CT ${id}`);
  return s;
}

describe('update check', () => {
  it('lists a published security upgrade with both versions, and nothing once it is installed', async () => {
    sim.packages.publish('debian', { name: 'nginx', version: '1.22.1-9+deb12u2', security: true });
    sim.packages.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u1' });
    const summary = await serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id, vmid });
    expect(summary).toEqual({ checked: 1, failed: 0, pending: 2, security: 1 });
    const s = await status();
    expect(s).toMatchObject({ family: 'apt', osId: 'debian', pending: 2, security: 1, error: null });
    expect(s.packages).toEqual([
      { name: 'nginx', current: '1.22.1-9+deb12u1', next: '1.22.1-9+deb12u2', security: true },
      { name: 'cron', current: '3.0pl1-162', next: '3.0pl1-162+deb12u1', security: false },
    ]);
    // The check changed nothing: the installed versions are those of before.
    expect((await ssh.pctExec(vmid, ['dpkg-query', '-W', '--showformat=${Version}', 'nginx'])).stdout).toBe('1.22.1-9+deb12u1');

    expect((await ssh.pctExec(vmid, ['apt-get', '-y', '-q', 'upgrade'])).exitCode).toBe(0);
    await serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id, vmid });
    expect(await status()).toMatchObject({ pending: 0, security: 0, packages: [], error: null });
  });

  it('records why a check failed and keeps the last list (container stopped)', async () => {
    await serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id, vmid: other });
    const before = await status(other);
    expect(before).toMatchObject({ pending: 1, error: null }); // cron, published above
    await pve.waitForTask(await pve.lxcStop('pve1', other), { timeout: 30_000 });
    const summary = await serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id, vmid: other });
    expect(summary.failed).toBe(1);
    const after = await status(other);
    expect(after.error).toMatch(new RegExp(`^CT ${other} on \\S+ is not running\\.$`));
    expect(after).toMatchObject({ pending: 1, okAt: before.okAt });
    expect(after.checkedAt).toBeGreaterThan(before.checkedAt);
    await pve.waitForTask(await pve.lxcStart('pve1', other), { timeout: 30_000 });
    // The next test checks every running container: wait until `pct exec` reaches this one again
    // (once, under CI load, the simulator's pct still found it stopped right after the start task).
    for (let until = Date.now() + 30_000; ;) {
      const ok = await ssh.pctExec(other, ['true']).then(
        (r) => r.exitCode === 0,
        () => false,
      );
      if (ok) break;
      if (Date.now() > until) throw new Error(`CT ${other} did not take commands after its start`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  // The node-wide "Check now" asks the node which containers run (`/nodes/{node}/lxc`): the cluster-wide
  // view, and so the poll, shows the restart's "stopped" until the next pvestatd broadcast.
  it('checks every running container of a node over one SSH connection, and counts per node', async () => {
    sim.packages.publish('debian', { name: 'bash', version: '5.2.15-2+b8', security: true });
    const target = { host: node.sshHost || node.host, port: node.sshPort, username: node.sshUser };
    const handshakes = sharedSshPool().stats(target)?.handshakes ?? 0;
    const summary = await serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id });
    expect([summary, (await status(other)).error]).toMatchObject([{ checked: 2, failed: 0 }, null]);
    expect(sharedSshPool().stats(target)?.handshakes ?? 0).toBeLessThanOrEqual(Math.max(handshakes, 1));
    expect((await status()).packages.map((p) => p.name)).toEqual(['bash']);
    expect(await nodeUpdateCounts(getDb(), user.id, node.id)).toEqual([{ pveNode: 'pve1', containers: 2, pending: 3, security: 2, failed: 0 }]);
  });

  it('the schedule picks a running container at its own minute of the day, and overdue ones', async () => {
    const clusterKey = clusterKeyOf(node);
    const minute = checkMinute(clusterKey, vmid);
    const slot = new Date(Date.UTC(2027, 0, 6, Math.floor(minute / 60), minute % 60, 5));
    const lastChecked = (ms: number) => getDb().containerUpdateStatus.update({ where: { clusterKey_vmid: { clusterKey, vmid } }, data: { checkedAt: new Date(slot.getTime() - ms) } });
    const isDue = async (at: Date) => (await dueTargets(deps(), at)).find((t) => t.vmid === vmid && t.clusterKey === clusterKey);
    const hour = 3600_000;
    await lastChecked(20 * hour);
    expect(await isDue(slot)).toMatchObject({ pveNode: 'pve1', sshNode: { id: node.id } });
    // Not at another minute while the last check is less than a day (and an hour) old.
    expect(await isDue(new Date(slot.getTime() + 60_000))).toBeUndefined();
    // Checked an hour ago (a restart, "Check now"): its minute passes without another check.
    await lastChecked(hour);
    expect(await isDue(slot)).toBeUndefined();
    // Its minute was missed (no worker ran): overdue, checked at the next tick.
    await lastChecked(26 * hour);
    expect(await isDue(new Date(slot.getTime() + 60_000))).toBeDefined();
  });
});

// OS package updates with dnf (issue 15) against the simulator's Fedora 42 (dnf5) and Rocky Linux 9
// (dnf 4) containers: the check lists a published security update with both versions; an update
// succeeds with dnf; one that fails (a %pre scriptlet: dnf exits 1; a %post scriptlet: dnf exits 0
// but the service is down) is rolled back to the snapshot with files and rpm versions exactly as
// before. Operations run in this process on a Redis prefix of their own.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { closeAll } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}dnf-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { getRedis } = await import('@kiln/redis');
const svc = await import('@kiln/services');
const { rootSsh: rootSshOf } = await import('./containers-fixture');
const { deps, opDeps, rootTree } = await import('../helpers/in-process-ops');
const { PveClient } = await import('@kiln/pve');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { registerSimNode } = await import('../helpers/provisioning');

const FEDORA = 'local:vztmpl/fedora-42-default_20250428_amd64.tar.xz';
const ROCKY = 'local:vztmpl/rockylinux-9-default_20240912_amd64.tar.xz';

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
const dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-sim-dnf-'));
const rootDir = (vmid: number) => path.join(dataDir, 'rootfs', String(vmid));
let pve: InstanceType<typeof PveClient>;
let user: Awaited<ReturnType<typeof makeUser>>;
let actor: { id: string; username: string };
let nodeId: string;

const rootSsh = () => rootSshOf(sim);
const exec = (vmid: number, ...argv: string[]) => rootSsh().pctExec(vmid, argv);
const rpmq = async (vmid: number, name: string) => (await exec(vmid, 'rpm', '-q', '--qf', '%{EPOCHNUM}:%{VERSION}-%{RELEASE}', name)).stdout;

/** A running Fedora or Rocky container (not made by Kiln) with the packages installed and their services enabled and started. */
async function rpmCt(hostname: string, ostemplate: string, packages: string[], services: string[] = []) {
  const vmid = await pve.nextId();
  await pve.waitForTask(await pve.lxcCreate('pve1', { vmid, hostname, ostemplate, rootfs: { storage: 'local-lvm', sizeGiB: 2 }, net: [{ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }] }), {
    timeout: 60_000,
  });
  await pve.waitForTask(await pve.lxcStart('pve1', vmid), { timeout: 60_000 });
  expect((await exec(vmid, 'dnf', '-y', '-q', 'install', ...packages)).exitCode).toBe(0);
  for (const s of services) expect((await exec(vmid, 'systemctl', 'enable', '--now', s)).exitCode).toBe(0);
  return vmid;
}

const tree = (vmid: number) => rootTree(rootDir(vmid));

async function runUpdate(vmid: number, input: Parameters<typeof svc.requestContainerUpdate>[3]) {
  const { operationId } = await svc.requestContainerUpdate(deps(), actor, { nodeId, vmid }, input);
  await svc.runOperation(opDeps(), operationId);
  return getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
}

async function status(vmid: number) {
  const s = await svc.containerUpdateStatus(getDb(), user.id, { nodeId, vmid });
  if (!s) throw new Error(`no update status for CT ${vmid}`);
  return s;
}

const upgradeOutput = async (operationId: string) =>
  (await svc.readOperationEvents(getRedis(), operationId, '0', 2000)).flatMap((e) => (e.event.type === 'output' && e.event.step === 'os-upgrade' ? [e.event.text] : [])).join('');

beforeAll(async () => {
  sim = await startTestSim({ dataDir, seed: 0, taskDurationMs: 200 });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  user = await makeUser();
  actor = { id: user.id, username: user.username };
  nodeId = (await registerSimNode(user, sim)).id;
});

afterAll(() => closeAll({ workers: new Set(), pve, sim }));

describe('an update check with dnf', () => {
  it('lists a published security update with both versions on Fedora (dnf5) and Rocky (dnf 4), and changes nothing', async () => {
    const fedora = await rpmCt('dnf-check-f', FEDORA, ['nginx', 'cronie']);
    const rocky = await rpmCt('dnf-check-r', ROCKY, ['nginx', 'cronie']);
    sim.packages.publish('fedora', { name: 'nginx', version: '1:1.20.1-16.el9_4.1', security: true });
    sim.packages.publish('fedora', { name: 'cronie', version: '1.5.7-12.el9' });
    expect(await svc.serveUpdateCheck(deps(), { userId: user.id, nodeId, vmid: rocky })).toEqual({ checked: 1, failed: 0, pending: 2, security: 1 });
    expect(await status(rocky)).toMatchObject({ family: 'dnf', osId: 'rocky', pending: 2, security: 1, error: null });
    expect((await status(rocky)).packages).toEqual([
      { name: 'nginx', current: '1:1.20.1-14.el9_2.1', next: '1:1.20.1-16.el9_4.1', security: true },
      { name: 'cronie', current: '1.5.7-11.el9', next: '1.5.7-12.el9', security: false },
    ]);
    expect(await rpmq(rocky, 'nginx')).toBe('1:1.20.1-14.el9_2.1');

    // One repository for both; the dist tag says whose build it is (cronie's .el9 one is not Fedora's).
    sim.packages.publish('fedora', { name: 'nginx', version: '2:1.28.0-1.fc42', security: true });
    expect(await svc.serveUpdateCheck(deps(), { userId: user.id, nodeId, vmid: fedora })).toEqual({ checked: 1, failed: 0, pending: 1, security: 1 });
    expect(await status(fedora)).toMatchObject({
      family: 'dnf',
      osId: 'fedora',
      error: null,
      packages: [{ name: 'nginx', current: '2:1.26.3-1.fc42', next: '2:1.28.0-1.fc42', security: true }],
    });
    expect(await rpmq(fedora, 'nginx')).toBe('2:1.26.3-1.fc42');
    sim.packages.reset();
  });
});

describe('an OS update with dnf', () => {
  it('upgrades on Fedora (dnf5), streams dnf’s output, and the services that ran run again', async () => {
    const vmid = await rpmCt('dnf-ok', FEDORA, ['nginx'], ['nginx']);
    sim.packages.publish('fedora', { name: 'nginx', version: '2:1.28.0-1.fc42', security: true, files: { '/etc/nginx/nginx.conf': '# 1.28\n' } });
    const op = await runUpdate(vmid, { what: 'os', safety: 'snapshot' });
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect(op.message).toMatch(/^Updated dnf-ok \(OS packages\)\. Snapshot kiln-pre-update-/);
    expect(await rpmq(vmid, 'nginx')).toBe('2:1.28.0-1.fc42');
    expect(await readFile(path.join(rootDir(vmid), 'etc/nginx/nginx.conf'), 'utf8')).toBe('# 1.28\n');
    const output = await upgradeOutput(op.id);
    expect(output).toContain('Upgrading nginx-2:1.28.0-1.fc42');
    expect(output).toMatch(/Complete!\n$/);
    expect((await exec(vmid, 'systemctl', 'is-active', 'nginx')).stdout).toBe('active\n');
    const events = await svc.readOperationEvents(getRedis(), op.id, '0', 2000);
    expect(events.some((e) => e.event.type === 'log' && e.event.text === 'fedora with dnf.')).toBe(true);
    sim.packages.reset();
  });

  it('upgrades only security fixes on Rocky (dnf 4) when asked', async () => {
    const vmid = await rpmCt('dnf-sec', ROCKY, ['nginx', 'cronie'], ['nginx']);
    sim.packages.publish('fedora', { name: 'nginx', version: '1:1.20.1-16.el9_4.1', security: true });
    sim.packages.publish('fedora', { name: 'cronie', version: '1.5.7-12.el9' });
    const op = await runUpdate(vmid, { what: 'os-security', safety: 'snapshot' });
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect([await rpmq(vmid, 'nginx'), await rpmq(vmid, 'cronie')]).toEqual(['1:1.20.1-16.el9_4.1', '0:1.5.7-11.el9']);
    expect(await upgradeOutput(op.id)).toContain('\nUpgraded:\n  nginx-1:1.20.1-16.el9_4.1.x86_64\n\nComplete!\n');
    sim.packages.reset();
  });

  it('waits while another transaction holds the rpm lock (dnf5 refuses at once; Kiln tries again)', async () => {
    const vmid = await rpmCt('dnf-lock', FEDORA, ['nginx', 'jq']);
    sim.packages.publish('fedora', { name: 'jq', version: '1.7.1-12.fc42', delayMs: 8000 });
    sim.packages.publish('fedora', { name: 'nginx', version: '2:1.28.0-1.fc42', security: true });
    // Someone else's upgrade of jq holds the rpm lock for a few seconds.
    const other = exec(vmid, 'dnf', '-y', '-q', '--refresh', 'upgrade', 'jq');
    for (let i = 0; i < 200 && (await exec(vmid, 'test', '-e', '/run/lock/kiln-sim-rpm-transaction.pid')).exitCode !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    const op = await runUpdate(vmid, { what: 'os', safety: 'snapshot' });
    expect((await other).exitCode).toBe(0);
    expect(op.state, op.message ?? '').toBe('succeeded');
    const output = await upgradeOutput(op.id);
    expect(output).toContain('Transaction failed: Failed to obtain rpm transaction lock. Another transaction is in progress.');
    expect(output).toContain('kiln: another rpm transaction is running; trying again in 5 s');
    expect([await rpmq(vmid, 'nginx'), await rpmq(vmid, 'jq')]).toEqual(['2:1.28.0-1.fc42', '0:1.7.1-12.fc42']);
    sim.packages.reset();
  });

  it('that fails half-way (%pre of one package, dnf exits 1) rolls back: files and rpm versions exactly those of before', async () => {
    const vmid = await rpmCt('dnf-bad', ROCKY, ['nginx', 'jq', 'cronie'], ['nginx', 'crond']);
    // jq is upgraded (its files change), then cronie's %pre fails.
    sim.packages.publish('fedora', { name: 'jq', version: '1.6-17.el9', files: { '/etc/jq-version': '1.6-17\n' } });
    sim.packages.publish('fedora', { name: 'nginx', version: '1:1.20.1-16.el9_4.1', security: true, files: { '/etc/nginx/nginx.conf': '# 16\n' } });
    sim.packages.publish('fedora', { name: 'cronie', version: '1.5.7-12.el9', fail: { at: 'prein' } });
    const before = await tree(vmid);
    const versions = async () => Promise.all(['nginx', 'jq', 'cronie'].map((n) => rpmq(vmid, n)));
    const versionsBefore = await versions();
    const op = await runUpdate(vmid, { what: 'os', safety: 'snapshot' });
    expect(op.state).toBe('failed');
    expect(op.message).toMatch(/^The update failed: The package upgrade exited with code 1\. Kiln rolled dnf-bad back to the snapshot kiln-pre-update-[\d-]+\.$/);
    const tail = (op.result as { failure: { outputTail: string } }).failure.outputTail;
    expect(tail).toContain('Error in PREIN scriptlet in rpm package cronie');
    expect(tail).toContain('Error: Transaction failed');
    expect(await tree(vmid)).toEqual(before);
    expect(await versions()).toEqual(versionsBefore);
    expect(versionsBefore).toEqual(['1:1.20.1-14.el9_2.1', '0:1.6-16.el9', '0:1.5.7-11.el9']);
    expect((await exec(vmid, 'systemctl', 'is-active', 'nginx', 'crond')).stdout).toBe('active\nactive\n');
    sim.packages.reset();
  });

  it('whose %post fails (rpm: not fatal, dnf exits 0) is caught by the service check and rolled back', async () => {
    const vmid = await rpmCt('dnf-post', FEDORA, ['nginx'], ['nginx']);
    sim.packages.publish('fedora', { name: 'nginx', version: '2:1.28.0-1.fc42', files: { '/etc/nginx/nginx.conf': '# broken\n' }, fail: { at: 'postinst' } });
    const before = await tree(vmid);
    const op = await runUpdate(vmid, { what: 'os', safety: 'snapshot' });
    expect(op.state).toBe('failed');
    expect(op.message).toMatch(
      /^The update failed its check: Services that ran before the update are not running: nginx\.service\. Kiln rolled dnf-post back to the snapshot kiln-pre-update-[\d-]+\.$/,
    );
    expect(await upgradeOutput(op.id)).toContain('>>> Non-critical error in %post scriptlet: nginx-2:1.28.0-1.fc42.x86_64');
    expect(await tree(vmid)).toEqual(before);
    expect(await rpmq(vmid, 'nginx')).toBe('2:1.26.3-1.fc42');
    expect((await exec(vmid, 'systemctl', 'is-active', 'nginx')).stdout).toBe('active\n');
    sim.packages.reset();
  });
});

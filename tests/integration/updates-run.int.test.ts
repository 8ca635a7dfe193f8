// Safe updates (issue 15): the update pipeline against the simulator's real sandbox. Template updates
// of a Kiln-made container: success records the new version; a failing healthcheck afterwards rolls
// back by itself (snapshot, or backup + restore where the storage cannot snapshot) and the files in the
// sandbox rootfs are exactly those of before; a worker SIGKILLed mid-update is followed by one that
// rolls back. Operations run in this process (or in worker processes this file starts) on a Redis
// prefix of their own, so the test stack's worker never takes them.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { closeAll, killProcess, startWorkerProcess } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}upd-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { getRedis } = await import('@kiln/redis');
const { createLogger } = await import('@kiln/core');
const { templateSchema } = await import('@kiln/core/templates');
const svc = await import('@kiln/services');
const { rootSsh: rootSshOf } = await import('./containers-fixture');
const { deps, opDeps, rootTree } = await import('../helpers/in-process-ops');
const { PveClient } = await import('@kiln/pve');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { KILN_BACKUP_PRIVILEGES, KILN_ROLE } = await import('@kiln/pve-sim');
const { registerSimNode } = await import('../helpers/provisioning');
const { kilnRow, runningCt } = await import('../helpers/kiln-container');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
const dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-sim-updates-'));
const rootDir = (vmid: number) => path.join(dataDir, 'rootfs', String(vmid));
let pve: InstanceType<typeof PveClient>;
let user: Awaited<ReturnType<typeof makeUser>>;
let actor: { id: string; username: string };
let nodeId: string;
const slug = `app-${randomUUID().slice(0, 8)}`;
const versions: Record<string, string> = {};
const workers = new Set<ChildProcess>();

/** A tiny app: its version file, and a health file the healthcheck looks for. */
function templateDoc(version: string, update: string | undefined, changelog?: string) {
  return templateSchema.parse({
    apiVersion: 'kiln/v1',
    slug,
    name: 'Update test app',
    version,
    description: 'Writes a version file.',
    icon: '📦',
    os: { distribution: 'debian', version: '12' },
    steps: [{ id: 'install', type: 'script', run: `mkdir -p /opt/app && echo ${version} > /opt/app/VERSION && echo ok > /opt/app/health` }],
    healthcheck: { command: ['test', '-f', '/opt/app/health'], retries: 0, interval: 1, timeout: 10 },
    ...(update ? { update: [{ id: 'upgrade', type: 'script', run: update }] } : {}),
    ...(changelog ? { changelog } : {}),
  });
}

async function addTemplate(version: string, update?: string, changelog?: string) {
  const spec = templateDoc(version, update, changelog);
  const row = await getDb().template.create({ data: { userId: user.id, slug, version, name: spec.name, description: spec.description, icon: spec.icon, tags: [], spec: spec as never } });
  versions[version] = row.id;
}

const rootSsh = () => rootSshOf(sim);

/** What Kiln's provisioning leaves behind: a running container with version 1.0.0 installed, and its row. */
async function kilnContainer(hostname: string, storage = 'local-lvm') {
  const vmid = await pve.nextId();
  await runningCt(pve, vmid, hostname, storage);
  const install = await rootSsh().pctExec(vmid, ['sh', '-c', 'mkdir -p /opt/app && echo 1.0.0 > /opt/app/VERSION && echo ok > /opt/app/health && echo keep > /root/data.txt']);
  expect(install.exitCode).toBe(0);
  const row = await kilnRow({ userId: user.id, nodeId, vmid, hostname, storage, template: { id: versions['1.0.0']!, slug, version: '1.0.0' } });
  return { vmid, row };
}

const tree = (vmid: number) => rootTree(rootDir(vmid));

const version = async (vmid: number) => (await readFile(path.join(rootDir(vmid), 'opt/app/VERSION'), 'utf8')).trim();

async function runUpdate(vmid: number, input: Parameters<typeof svc.requestContainerUpdate>[3]) {
  const { operationId } = await svc.requestContainerUpdate(deps(), actor, { nodeId, vmid }, input);
  await svc.runOperation(opDeps(), operationId);
  return getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const timeline = async (containerId: string) => (await getDb().containerEvent.findMany({ where: { containerId, type: 'container.update' }, orderBy: { id: 'asc' } })).map((e) => [e.level, e.message]);

beforeAll(async () => {
  sim = await startTestSim({ dataDir, seed: 0, taskDurationMs: 200, localRootdir: true, kilnPrivileges: { '/': [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES] } });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  user = await makeUser();
  actor = { id: user.id, username: user.username };
  nodeId = (await registerSimNode(user, sim)).id;
  await addTemplate('1.0.0');
  await addTemplate('1.1.0', 'echo 1.1.0 > /opt/app/VERSION\necho added > /opt/app/added', 'Adds the added file.');
  // Breaks the app: the healthcheck fails afterwards.
  await addTemplate('1.2.0', 'echo 1.2.0 > /opt/app/VERSION\nrm /opt/app/health\necho junk > /root/junk\nrm /root/data.txt');
  // Half-way through, it waits: a worker can be killed right there.
  await addTemplate('1.3.0', 'echo half > /opt/app/VERSION\nsleep 20\necho 1.3.0 > /opt/app/VERSION');
});

afterAll(() => closeAll({ workers, pve, sim }));

describe('a template update', () => {
  it('lists the newer versions with their changelogs', async () => {
    const { row } = await kilnContainer('upd-info');
    const info = await svc.templateUpdateInfo(getDb(), user.id, row);
    expect(info?.current).toBe('1.0.0');
    expect(info?.newer.map((v) => [v.version, v.changelog])).toEqual([
      ['1.1.0', 'Adds the added file.'],
      ['1.2.0', undefined],
      ['1.3.0', undefined],
    ]);
  });

  it('that succeeds keeps the container healthy, takes a kept snapshot and records the new version', async () => {
    const { vmid, row } = await kilnContainer('upd-ok');
    const op = await runUpdate(vmid, { what: 'template', toTemplateId: versions['1.1.0'], safety: 'snapshot' });
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect(op.message).toMatch(/^Updated upd-ok to version 1\.1\.0\. Snapshot kiln-pre-update-\d{8}-\d{6} is kept for 7 days\.$/);
    expect(await version(vmid)).toBe('1.1.0');
    const after = await getDb().container.findUniqueOrThrow({ where: { id: row.id } });
    expect([after.templateVersion, after.templateId]).toEqual(['1.1.0', versions['1.1.0']]);
    expect((after.spec as { template: { version: string } }).template.version).toBe('1.1.0');
    const result = op.result as { snapname: string; keepUntil: string; outcome: string };
    expect(result.outcome).toBe('updated');
    expect((await pve.lxcSnapshots('pve1', vmid)).map((s) => s.name)).toContain(result.snapname);
    expect(new Date(result.keepUntil).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await pve.lxcStatus('pve1', vmid)).status).toBe('running');
    expect(await timeline(row.id)).toEqual([['info', `Updated to version 1.1.0 by ${user.username} (from 1.0.0)`]]);
    // Every stage is in the event log.
    const events = await svc.readOperationEvents(getRedis(), op.id, '0', 1000);
    expect(events.filter((e) => e.event.type === 'step' && e.event.state === 'running').map((e) => (e.event as { step: string }).step)).toEqual([
      'preflight',
      'safety',
      'update',
      'update:upgrade',
      'postcheck',
    ]);
    expect(events.some((e) => e.event.type === 'log' && e.event.text === 'Health check: test -f /opt/app/health: healthy (attempt 1).')).toBe(true);

    // Nothing newer than the newest: the same version is refused before anything is queued.
    await expect(svc.requestContainerUpdate(deps(), actor, { nodeId, vmid }, { what: 'template', toTemplateId: versions['1.0.0'], safety: 'snapshot' })).rejects.toThrow(/not a newer version/);

    // Past its keep time, the cleanup deletes Kiln's snapshot, and only that one.
    await pve.waitForTask(await pve.lxcSnapshotCreate('pve1', vmid, 'mine'), { timeout: 30_000 });
    const sweep = await svc.cleanupUpdateSnapshots({ ...deps(), log: createLogger('test', 'warn') }, { force: true, now: new Date(Date.now() + 8 * 86_400_000) });
    expect(sweep.deleted).toContain(`${vmid}/${result.snapname}`);
    expect((await pve.lxcSnapshots('pve1', vmid)).map((s) => s.name).sort()).toEqual(['current', 'mine']);
  });

  it('whose healthcheck fails afterwards rolls back by itself to the snapshot: the files are exactly those of before', async () => {
    const { vmid, row } = await kilnContainer('upd-bad');
    const before = await tree(vmid);
    const op = await runUpdate(vmid, { what: 'template', toTemplateId: versions['1.2.0'], safety: 'snapshot' });
    expect(op.state).toBe('failed');
    expect(op.message).toMatch(
      /^Update to version 1\.2\.0 failed its check: The healthcheck fails after the update \(Health check: test -f \/opt\/app\/health\)\. Kiln rolled upd-bad back to the snapshot kiln-pre-update-[\d-]+; the healthcheck passes again\.$/,
    );
    expect(op.result).toMatchObject({ outcome: 'rolled-back', rolledBack: true, healthyAfter: true, failure: { stage: 'postcheck' } });
    expect(await tree(vmid)).toEqual(before);
    expect(await version(vmid)).toBe('1.0.0');
    expect((await pve.lxcStatus('pve1', vmid)).status).toBe('running');
    expect((await getDb().container.findUniqueOrThrow({ where: { id: row.id } })).templateVersion).toBe('1.0.0');
    expect(await timeline(row.id)).toEqual([['error', 'Update to 1.2.0 failed, rolled back']]);
  });

  it('on a storage that cannot snapshot, backs up instead and restores the backup when the update fails', async () => {
    // `local` is a dir storage: raw files, no snapshots; it also holds backups.
    const { vmid } = await kilnContainer('upd-dir', 'local');
    const before = await tree(vmid);
    const op = await runUpdate(vmid, { what: 'template', toTemplateId: versions['1.2.0'], safety: 'snapshot', backupStorage: 'local' });
    expect(op.state).toBe('failed');
    const result = op.result as { net: string; backupVolid: string; rolledBack: boolean; healthyAfter: boolean };
    expect([result.net, result.rolledBack, result.healthyAfter]).toEqual(['backup', true, true]);
    expect(result.backupVolid).toMatch(new RegExp(`^local:backup/vzdump-lxc-${vmid}-`));
    expect(op.message).toContain(`Kiln rolled upd-dir back to the backup ${result.backupVolid}; the healthcheck passes again.`);
    const events = await svc.readOperationEvents(getRedis(), op.id, '0', 2000);
    expect(events.some((e) => e.event.type === 'log' && /root disk is on storage local \(type dir\).*Kiln backs up to local instead\./.test(e.event.text))).toBe(true);
    expect(events.filter((e) => e.event.type === 'task').map((e) => (e.event as { label: string }).label)).toEqual(['Back up', 'Stop', 'Restore', 'Start']);
    expect(await tree(vmid)).toEqual(before);
    expect((await pve.lxcStatus('pve1', vmid)).status).toBe('running');
  });

  it('does not start when the healthcheck fails before it, unless forced', async () => {
    const { vmid } = await kilnContainer('upd-sick');
    await rootSsh().pctExec(vmid, ['rm', '/opt/app/health']);
    const op = await runUpdate(vmid, { what: 'template', toTemplateId: versions['1.1.0'], safety: 'snapshot' });
    expect(op.state).toBe('failed');
    expect(op.message).toMatch(/^The healthcheck fails before the update, so Kiln changed nothing\./);
    expect((await pve.lxcSnapshots('pve1', vmid)).map((s) => s.name)).toEqual(['current']);
    expect(await version(vmid)).toBe('1.0.0');
    // Forced: it goes on; the post-check fails the same way, and Kiln rolls back.
    const forced = await runUpdate(vmid, { what: 'template', toTemplateId: versions['1.1.0'], safety: 'snapshot', force: true });
    expect(forced.result).toMatchObject({ outcome: 'rolled-back', failure: { stage: 'postcheck' } });
    expect(forced.message).toContain('but the healthcheck still fails');
  });

  it('asks for a backup storage when nothing can snapshot, and for a version when it updates a template', async () => {
    await expect(svc.requestContainerUpdate(deps(), actor, { nodeId, vmid: 999_999 }, { what: 'template', safety: 'snapshot' } as never)).rejects.toThrow('Choose the version to update to.');
    await expect(svc.requestContainerUpdate(deps(), actor, { nodeId, vmid: 999_999 }, { what: 'os', safety: 'backup' })).rejects.toThrow('Choose the storage the backup goes to.');
  });
});

describe('an OS package update (the simulator’s apt repository, cherry-picked from updates-check)', () => {
  /** A plain container (not made by Kiln) with nginx installed and running. */
  async function withNginx(hostname: string) {
    const vmid = await pve.nextId();
    await runningCt(pve, vmid, hostname);
    expect((await rootSsh().pctExec(vmid, ['apt-get', 'install', '-y', 'nginx'])).exitCode).toBe(0);
    return vmid;
  }
  const nginxVersion = async (vmid: number) => (await rootSsh().pctExec(vmid, ['dpkg-query', '-W', '--showformat=${Version}', 'nginx'])).stdout;

  it('upgrades with apt non-interactively, streams its output and checks that nginx runs again', async () => {
    const vmid = await withNginx('os-ok');
    sim.packages.publish('debian', { name: 'nginx', version: '1.22.1-9+deb12u2', security: true, files: { '/etc/nginx/nginx.conf': '# u2\n' } });
    const op = await runUpdate(vmid, { what: 'os', safety: 'snapshot' });
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect(op.message).toMatch(/^Updated os-ok \(OS packages\)\. Snapshot kiln-pre-update-/);
    expect(await nginxVersion(vmid)).toBe('1.22.1-9+deb12u2');
    expect(await readFile(path.join(rootDir(vmid), 'etc/nginx/nginx.conf'), 'utf8')).toBe('# u2\n');
    const events = await svc.readOperationEvents(getRedis(), op.id, '0', 2000);
    const output = events.flatMap((e) => (e.event.type === 'output' && e.event.step === 'os-upgrade' ? [e.event.text] : [])).join('');
    expect(output).toContain('Setting up nginx (1.22.1-9+deb12u2) ...');
    expect(events.some((e) => e.event.type === 'log' && /^Running services: .*nginx\.service/.test(e.event.text))).toBe(true);
    expect(events.some((e) => e.event.type === 'log' && /service.* that ran before run again\.$/.test(e.event.text))).toBe(true);
    // The Updates column learns at once that nothing is pending any more.
    expect(await svc.containerUpdateStatus(getDb(), user.id, { nodeId, vmid })).toMatchObject({ family: 'apt', pending: 0, security: 0, error: null });
  });

  it('with security updates only, upgrades what the security suite serves and leaves the rest pending', async () => {
    const vmid = await withNginx('os-sec');
    const cronBefore = (await rootSsh().pctExec(vmid, ['dpkg-query', '-W', '--showformat=${Version}', 'cron'])).stdout;
    sim.packages.publish('debian', { name: 'nginx', version: '1.22.1-9+deb12u4', security: true });
    sim.packages.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u7' });
    const op = await runUpdate(vmid, { what: 'os-security', safety: 'snapshot' });
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect(op.message).toMatch(/^Updated os-sec \(security updates\)\./);
    expect(await nginxVersion(vmid)).toBe('1.22.1-9+deb12u4');
    expect((await rootSsh().pctExec(vmid, ['dpkg-query', '-W', '--showformat=${Version}', 'cron'])).stdout).toBe(cronBefore);
    const events = await svc.readOperationEvents(getRedis(), op.id, '0', 2000);
    const output = events.flatMap((e) => (e.event.type === 'output' && e.event.step === 'os-upgrade' ? [e.event.text] : [])).join('');
    expect(output).toContain('bookworm-security InRelease');
    expect(output).not.toContain('deb.debian.org/debian bookworm InRelease');
    // The regular update of the next check still sees cron.
    expect((await rootSsh().pctExec(vmid, ['apt-get', 'update'])).exitCode).toBe(0);
    expect((await rootSsh().pctExec(vmid, ['apt', 'list', '--upgradable'])).stdout).toContain('cron/bookworm 3.0pl1-162+deb12u7 amd64');
    sim.packages.withdraw('debian', 'cron');
  });

  it('that fails half-way (postinst) rolls back: files and package versions exactly those of before', async () => {
    const vmid = await withNginx('os-bad');
    sim.packages.publish('debian', { name: 'nginx', version: '1.22.1-9+deb12u3', files: { '/etc/nginx/nginx.conf': '# u3\n' }, fail: { at: 'postinst' } });
    const before = await tree(vmid);
    const versionBefore = await nginxVersion(vmid);
    const op = await runUpdate(vmid, { what: 'os', safety: 'snapshot' });
    expect(op.state).toBe('failed');
    expect(op.message).toMatch(/^The update failed: The package upgrade exited with code 100\. Kiln rolled os-bad back to the snapshot kiln-pre-update-[\d-]+\.$/);
    expect((op.result as { failure: { outputTail: string } }).failure.outputTail).toContain('E: Sub-process /usr/bin/dpkg returned an error code (1)');
    expect(await tree(vmid)).toEqual(before);
    expect(await nginxVersion(vmid)).toBe(versionBefore);
    expect((await rootSsh().pctExec(vmid, ['systemctl', 'is-active', 'nginx'])).stdout).toBe('active\n');
    sim.packages.withdraw('debian', 'nginx');
  });
});

describe('a worker killed in the middle of an update', () => {
  it('is followed by the next worker, which rolls the container back and says so', async () => {
    const { vmid, row } = await kilnContainer('upd-kill');
    const before = await tree(vmid);
    let worker = startWorkerProcess(workers);
    const { operationId } = await svc.requestContainerUpdate(deps(), actor, { nodeId, vmid }, { what: 'template', toTemplateId: versions['1.3.0'], safety: 'snapshot' });
    // The update step has begun writing: the container is half-updated right now.
    await until('the update half-way', async () => (await version(vmid).catch(() => '')) === 'half');
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: operationId } })).result).toMatchObject({ stage: 'update' });
    await killProcess(worker, 'SIGKILL');
    worker = startWorkerProcess(workers);
    const op = await until(
      'the update to end',
      async () => {
        const o = await getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
        return ['succeeded', 'failed'].includes(o.state) ? o : null;
      },
      120_000,
    );
    expect(op.state).toBe('failed');
    expect(op.attempts).toBeGreaterThanOrEqual(2);
    expect(op.message).toMatch(
      /^Update to version 1\.3\.0 failed: The worker running the update stopped in the middle of it; the container may be half-updated\. Kiln rolled upd-kill back to the snapshot kiln-pre-update-[\d-]+; the healthcheck passes again\.$/,
    );
    expect(op.result).toMatchObject({ outcome: 'rolled-back', failure: { stage: 'update' } });
    expect(await tree(vmid)).toEqual(before);
    // The interrupted command does not come back to finish its write after the rollback.
    await new Promise((r) => setTimeout(r, 500));
    expect(await version(vmid)).toBe('1.0.0');
    expect(await timeline(row.id)).toEqual([['error', 'Update to 1.3.0 failed, rolled back']]);
    // One snapshot, one rollback: the PVE tasks of the dead worker were not started twice.
    expect((await pve.tasks('pve1', { vmid, typefilter: 'vzsnapshot', source: 'all' })).length).toBe(1);
    expect((await pve.tasks('pve1', { vmid, typefilter: 'vzrollback', source: 'all' })).length).toBe(1);
    await killProcess(worker, 'SIGTERM');
  });
});

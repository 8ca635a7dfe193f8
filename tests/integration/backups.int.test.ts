/**
 * Backups through Kiln and the real sandbox: back up now, restore into a new VMID (the file is
 * back), PVE's refusal to restore over a running container, a PVE job's retention, a token
 * without VM.Backup refused before anything runs, a job selecting a resource pool, and other users
 * kept out.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { PveClient } from '@kiln/pve';
import { getRedis } from '@kiln/redis';
import { clusterKeyOf, readCatalogs } from '@kiln/services';
import { KILN_BACKUP_PRIVILEGES, KILN_ROLE, startSimulator, type Simulator } from '@kiln/pve-sim';
import { runAction } from '../helpers/operations';
import { simNodeForm } from '../helpers/sim';
import { closeSim, createCt, signedIn, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
const MIN = 60_000;
// The simulator's scheduler runs on this clock: the test moves it instead of waiting for 14:15.
let now = Date.parse('2026-12-03T14:07:00Z');
let dataDir: string;
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let weak: Owner;

const BACKUP_ROLE = [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES];
const rootFile = (vmid: number, rel: string) => path.join(dataDir, 'rootfs', String(vmid), rel);

async function register(token: { id: string; secret: string }, name: string): Promise<Owner> {
  const { user, web } = await signedIn(webUrl);
  const res = await web.action<{ saved: boolean; nodeId: string; report: { checks: Array<{ key: string; status: string; message: string }> } }>(
    'saveNodeAction',
    simNodeForm(sim, { name, tokenId: token.id, tokenSecret: token.secret, trustFingerprint: sim.tlsFingerprint }),
  );
  expect(res.data?.saved, res.raw.slice(0, 300)).toBe(true);
  return { user, web, nodeId: res.data!.nodeId };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-sim-backups-'));
  sim = await startSimulator({
    dataDir,
    apiPort: 0,
    sshPort: 0,
    nodes: ['pve1', 'pve2', 'pve3'],
    seedContainersPerNode: 2,
    taskDurationMs: 200,
    authFailureDelayMs: 50,
    statusIntervalMs: 500,
    schedulerIntervalMs: 0,
    clock: () => now,
    tokens: [
      // Pool.Audit lets the catalog list pools for the job dialog; Pool.Allocate lets the test make one
      { id: 'kiln@pve!kiln', privileges: { '/': [...BACKUP_ROLE, 'Pool.Audit', 'Pool.Allocate'] } },
      { id: 'base@pve!kiln', privileges: { '/': [...KILN_ROLE] } },
    ],
  });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  a = await register(sim.tokens[0]!, 'backups-a');
  weak = await register(sim.tokens[1]!, 'backups-weak');
});

afterAll(async () => {
  await closeSim({ sim, pve });
});

const backupNow = (who: Owner, vmid: number, extra: Record<string, unknown> = {}) =>
  runAction(who.web, 'backupNowAction', { nodeId: who.nodeId, vmid, storage: 'local', mode: 'snapshot', compress: 'zstd', notesTemplate: '{{guestname}}', protected: false, ...extra });
const archivesOf = async (vmid: number) => (await pve.backups('pve1', 'local', { vmid })).map((v) => v.volid).sort();

describe('backups through Kiln', () => {
  it('backs up, destroys, restores into a new VMID: the file is there', async () => {
    const vmid = await createCt(pve, 'precious');
    mkdirSync(path.dirname(rootFile(vmid, 'root/data.txt')), { recursive: true });
    await writeFile(rootFile(vmid, 'root/data.txt'), 'precious data\n');

    const backup = await backupNow(a, vmid);
    expect(backup.data, backup.raw.slice(0, 300)).toMatchObject({ ok: true, state: 'succeeded' });
    expect(backup.data!.log.join('\n')).toMatch(/INFO: Backup job finished successfully/);
    const [volid] = await archivesOf(vmid);
    expect(volid).toMatch(new RegExp(`^local:backup/vzdump-lxc-${vmid}-\\d{4}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.tar\\.zst$`));

    // The Backups page lists it from the worker's cache (refreshed when the backup ended).
    const page = await a.web.page('/backups');
    expect(page.status).toBe(200);
    expect(page.html).toContain(volid!.slice('local:backup/'.length));
    expect(page.html).toContain('precious');

    const destroy = await runAction(a.web, 'deleteContainerAction', { nodeId: a.nodeId, vmid, force: false });
    expect(destroy.data?.ok, destroy.raw.slice(0, 300)).toBe(true);

    const target = await pve.nextId();
    const restore = await runAction(a.web, 'restoreBackupAction', { nodeId: a.nodeId, volid, vmid: target, overwrite: false, storage: 'local-lvm', start: false });
    expect(restore.data?.message ?? restore.raw.slice(0, 300)).toMatch(/^Restored the backup as CT/);
    expect(await readFile(rootFile(target, 'root/data.txt'), 'utf8')).toBe('precious data\n');
    // PVE lists a new guest by its name from the next status broadcast on: have it now, not race the timer.
    sim.broadcastStatus();
    const restored = (await pve.clusterResources('vm')).find((g) => g.vmid === target);
    expect(restored).toMatchObject({ type: 'lxc', node: 'pve1', name: 'precious' });
    // A restored container is discovered, like any Kiln did not create: no Kiln row.
    expect(await getDb().container.count({ where: { vmid: target, nodeId: a.nodeId } })).toBe(0);
    const audit = await getDb().auditEvent.findFirst({ where: { userId: a.user.id, action: 'backup.restore' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ outcome: 'success', targetId: `${a.nodeId}/${target}` });
  });

  it('restores into a new VMID with new resources; its NICs get new MAC addresses', async () => {
    const vmid = await createCt(pve, 'resized');
    await pve.lxcSetConfig('pve1', vmid, { mp: { 0: { volume: 'local-lvm:1', mp: '/data' } } });
    const before = await pve.lxcConfig('pve1', vmid);
    const backup = await backupNow(a, vmid);
    expect(backup.data?.ok, backup.raw.slice(0, 300)).toBe(true);
    const [volid] = await archivesOf(vmid);

    const target = await pve.nextId();
    const resources = { cores: 3, memory: 768, swap: 128, rootfsGiB: 5 };
    const restore = await runAction(a.web, 'restoreBackupAction', { nodeId: a.nodeId, volid, vmid: target, overwrite: false, storage: 'local-lvm', ...resources });
    expect(restore.data?.message ?? restore.raw.slice(0, 300)).toMatch(/^Restored the backup as CT/);
    const conf = await pve.lxcConfig('pve1', target);
    expect(conf.raw).toMatchObject({ hostname: 'resized', cores: '3', memory: '768', swap: '128' });
    expect(conf.raw['rootfs']).toMatch(/^local-lvm:vm-\d+-disk-\d+,size=5G$/);
    // Like PVE: a given root disk means only the given disks; the backed-up mount point is not recreated.
    expect(conf.raw['mp0']).toBeUndefined();
    // `unique`: the copy does not share the original's MAC address on the bridge.
    const mac = (c: typeof conf) => /hwaddr=([0-9A-F:]+)/i.exec(c.raw['net0'] ?? '')?.[1];
    expect(mac(conf)).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/i);
    expect(mac(conf)).not.toBe(mac(before));
    expect(mac(await pve.lxcConfig('pve1', vmid))).toBe(mac(before));
  });

  it('restores the backed-up mount points too when no new disk size is given', async () => {
    // The original 'resized' (the lowest VMID of that name) was backed up with its mount point mp0.
    sim.broadcastStatus();
    const original = (await pve.clusterResources('vm')).filter((g) => g.name === 'resized').sort((x, y) => x.vmid - y.vmid)[0]!;
    const [volid] = await archivesOf(original.vmid);
    const target = await pve.nextId();
    const restore = await runAction(a.web, 'restoreBackupAction', { nodeId: a.nodeId, volid, vmid: target, overwrite: false, storage: 'local-lvm' });
    expect(restore.data?.ok, restore.raw.slice(0, 300)).toBe(true);
    const conf = await pve.lxcConfig('pve1', target);
    expect(conf.mp[0]).toMatchObject({ mp: '/data', size: '1G' });
    expect(conf.raw['mp0']).toMatch(/^local-lvm:vm-\d+-disk-\d+,/);
  });

  it('refuses new resources out of range next to the field, before anything is queued', async () => {
    const [volid] = (await pve.backups('pve1', 'local')).map((v) => v.volid);
    const ops = await getDb().operation.count({ where: { userId: a.user.id, kind: 'backup.restore' } });
    const res = await a.web.action('restoreBackupAction', { nodeId: a.nodeId, volid, vmid: 4343, overwrite: false, storage: 'local-lvm', memory: 8, cores: 0 });
    expect(res.validationErrors).toMatchObject({ fieldErrors: { memory: ['At least 16 MiB.'], cores: ['At least 1 core.'] } });
    expect(await getDb().operation.count({ where: { userId: a.user.id, kind: 'backup.restore' } })).toBe(ops);
  });

  it('refuses to restore over a running container with PVE’s text', async () => {
    const vmid = await createCt(pve, 'running-one', { start: true });
    const backup = await backupNow(a, vmid);
    expect(backup.data?.ok).toBe(true);
    const [volid] = await archivesOf(vmid);
    const over = await runAction(a.web, 'restoreBackupAction', { nodeId: a.nodeId, volid, vmid, overwrite: true, storage: 'local-lvm' });
    expect(over.data).toMatchObject({ ok: false, message: "Proxmox VE refused: can't overwrite running container" });
    expect((await pve.clusterResources('vm')).find((g) => g.vmid === vmid)?.status).toBe('running');
  });

  it('deleting a protected backup is refused with PVE’s text; an unprotected one goes', async () => {
    const vmid = await createCt(pve, 'keepsake');
    expect((await backupNow(a, vmid, { protected: true })).data?.ok).toBe(true);
    const [volid] = await archivesOf(vmid);
    const refused = await runAction(a.web, 'deleteBackupAction', { nodeId: a.nodeId, volid });
    expect(refused.data?.ok).toBe(false);
    expect(refused.data?.message).toContain(`cannot remove protected volume '${volid}'`);
    expect(await archivesOf(vmid)).toEqual([volid]);
    await new Promise((r) => setTimeout(r, 1000)); // archive names carry the second
    expect((await backupNow(a, vmid)).data?.ok).toBe(true);
    const plain = (await archivesOf(vmid)).find((v) => v !== volid)!;
    const gone = await runAction(a.web, 'deleteBackupAction', { nodeId: a.nodeId, volid: plain });
    expect(gone.data).toMatchObject({ ok: true, message: `Deleted ${plain}.` });
    expect(await archivesOf(vmid)).toEqual([volid]);
  });

  it('a PVE job with keep-last=2 run three times leaves two archives; Kiln shows it with its next runs', async () => {
    const vmid = await createCt(pve, 'nightly');
    const save = await runAction(a.web, 'saveBackupJobAction', {
      nodeId: a.nodeId,
      job: { schedule: '*/15', storage: 'local', selection: 'vmids', vmids: [vmid], mode: 'stop', compress: 'zstd', retention: { 'keep-last': 2 }, comment: 'quarter-hourly' },
    });
    expect(save.data, save.raw.slice(0, 300)).toMatchObject({ ok: true });
    const job = (await pve.backupJobs()).find((j) => j.comment === 'quarter-hourly');
    expect(job).toMatchObject({ schedule: '*/15', vmid: [vmid], 'prune-backups': { 'keep-last': 2 } });
    for (let run = 0; run < 3; run++) {
      now += 15 * MIN;
      const [upid] = sim.runDueBackupJobs();
      expect(upid).toBeDefined();
      await pve.waitForTask(upid!, { timeout: 30_000 });
    }
    expect(await archivesOf(vmid)).toHaveLength(2);
    // "Run now" is one vzdump per node with the job's options: retention still keeps two.
    const ran = await runAction(a.web, 'backupJobAction', { nodeId: a.nodeId, id: job!.id, op: 'run' });
    expect(ran.data, ran.raw.slice(0, 300)).toMatchObject({ ok: true, message: `Ran backup job ${job!.id} (1 container).` });
    expect(ran.data!.log.join('\n')).toMatch(/prune older backups with retention: keep-last=2/);
    expect(await archivesOf(vmid)).toHaveLength(2);
    await a.web.action('refreshBackupsAction', { nodeId: a.nodeId });
    // The page reads the worker's cached catalog: viewing it asks Proxmox VE nothing about backups.
    sim.requestLog.reset();
    const page = await a.web.page('/backups');
    expect(sim.requestLog.count({ path: /\/storage|\/cluster\/backup|\/vzdump|\/access/ })).toBe(0);
    expect(page.html).toContain('quarter-hourly');
    expect(page.html).toContain('Every day every 15 minutes (UTC)');
    // The job's last result (whether its containers have an archive since its last scheduled run)...
    expect(page.html).toMatch(/Last run: (<!-- -->)?(All 1 have a backup since|No backup since) the run due /);
    // ...and the containers no job covers, by PVE's /cluster/backup-info/not-backed-up.
    expect(page.html).toContain('No backup job covers it.');
    expect(page.html).toContain('none newer than 7 days');
    // The age limit is each user's own.
    expect((await a.web.action('backupThresholdAction', { days: 2 })).data).toEqual({ days: 2 });
    expect((await weak.web.action('backupThresholdAction', { days: 30 })).data).toEqual({ days: 30 });
    expect((await a.web.page('/backups')).html).toContain('none newer than 2 days');
    expect((await a.web.action('backupThresholdAction', { days: 0 })).validationErrors).toMatchObject({ fieldErrors: { days: ['At least 1 day.'] } });

    const bad = await a.web.action('saveBackupJobAction', { nodeId: a.nodeId, job: { schedule: 'someday', storage: 'local', selection: 'all' } });
    expect(bad.serverError?.fieldErrors?.['schedule']).toMatch(/someday/);
    const del = await runAction(a.web, 'backupJobAction', { nodeId: a.nodeId, id: job!.id, op: 'delete' });
    expect(del.data?.ok).toBe(true);
    expect((await pve.backupJobs()).some((j) => j.id === job!.id)).toBe(false);
  });

  it('a job selecting a pool, run now, backs up exactly the pool’s members, VMs too', async () => {
    const members = [await createCt(pve, 'pooled-a'), await createCt(pve, 'pooled-b')];
    const outsider = await createCt(pve, 'unpooled');
    const vm = sim.addVm({ name: 'pooled-vm', running: false });
    sim.broadcastStatus();
    await pve.createPool('kiln-batch', 'pool job test');
    await pve.addToPool('kiln-batch', [...members, vm]);
    expect(await pve.pools()).toContainEqual({ poolid: 'kiln-batch', comment: 'pool job test' });
    const save = await runAction(a.web, 'saveBackupJobAction', {
      nodeId: a.nodeId,
      job: { schedule: 'sat 02:00', storage: 'local', selection: 'pool', pool: 'kiln-batch', mode: 'snapshot', compress: 'zstd', comment: 'by pool' },
    });
    expect(save.data, save.raw.slice(0, 300)).toMatchObject({ ok: true });
    const job = (await pve.backupJobs()).find((j) => j.comment === 'by pool');
    expect(job).toMatchObject({ pool: 'kiln-batch', vmid: [] });
    const ran = await runAction(a.web, 'backupJobAction', { nodeId: a.nodeId, id: job!.id, op: 'run' });
    expect(ran.data, ran.raw.slice(0, 300)).toMatchObject({ ok: true, message: `Ran backup job ${job!.id} (2 containers, 1 VM).` });
    for (const vmid of members) expect(await archivesOf(vmid)).toHaveLength(1);
    expect(await archivesOf(vm)).toEqual([expect.stringMatching(new RegExp(`^local:backup/vzdump-qemu-${vm}-.*\\.vma\\.zst$`))]);
    expect(await archivesOf(outsider)).toEqual([]);
    // the worker's catalog offers the cluster's pools to the job dialog
    await a.web.action('refreshBackupsAction', { nodeId: a.nodeId });
    const [catalog] = await readCatalogs(getRedis(), [clusterKeyOf(await getDb().node.findUniqueOrThrow({ where: { id: a.nodeId } }))]);
    expect(catalog?.pools).toEqual(['kiln-batch']);
    expect((await runAction(a.web, 'backupJobAction', { nodeId: a.nodeId, id: job!.id, op: 'delete' })).data?.ok).toBe(true);
  });

  it('a token without VM.Backup gets a clear error before anything runs', async () => {
    const vmid = await createCt(pve, 'weakling');
    const vzdumps = sim.requestLog.count({ method: 'POST', path: /\/vzdump$/ });
    const r = await backupNow(weak, vmid);
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toContain(`lacks VM.Backup on /vms/${vmid}`);
    expect(r.data?.message).toContain('pveum');
    expect(sim.requestLog.count({ method: 'POST', path: /\/vzdump$/ })).toBe(vzdumps);
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: r.data!.operationId } });
    expect(op.upids).toEqual([]);
    // The node itself is not broken: only the backup features are listed as unavailable.
    const node = await getDb().node.findUniqueOrThrow({ where: { id: weak.nodeId } });
    const report = node.lastCheck as { apiOk: boolean; unavailableFeatures: Array<{ feature: string; grant: string[] }> };
    expect(report.apiOk).toBe(true);
    expect(report.unavailableFeatures.map((f) => f.feature)).toEqual(['backups', 'backup-jobs', 'image-delete', 'oci-pull']);
    expect(report.unavailableFeatures[0]!.grant.join('\n')).toContain("--privs 'VM.Backup'");
    // The backups page names the backup features it lacks, not the node's other ones.
    const page = await weak.web.page('/backups');
    expect(page.html).toMatch(/Backups and restore(<!-- -->)? may not work/);
    expect(page.html).not.toContain('Pulling OCI images');
    expect(page.html).not.toContain('Deleting OS images');
  });

  it('user B cannot list, create, restore or delete backups or jobs on A’s node', async () => {
    const b = await signedIn(webUrl);
    const vmid = (await pve.clusterResources('vm')).find((g) => g.type === 'lxc' && g.node === 'pve1')!.vmid;
    const [volid] = (await pve.backups('pve1', 'local')).map((v) => v.volid);
    expect(volid).toBeDefined();
    const attempts = [
      await b.web.action('backupNowAction', { nodeId: a.nodeId, vmid, storage: 'local', mode: 'snapshot', compress: 'zstd', protected: false }),
      await b.web.action('restoreBackupAction', { nodeId: a.nodeId, volid, vmid: 4242, overwrite: false, storage: 'local-lvm' }),
      await b.web.action('deleteBackupAction', { nodeId: a.nodeId, volid }),
      await b.web.action('saveBackupJobAction', { nodeId: a.nodeId, job: { schedule: 'daily', storage: 'local', selection: 'all' } }),
      await b.web.action('backupJobAction', { nodeId: a.nodeId, id: 'kiln-any', op: 'run' }),
      await b.web.action('refreshBackupsAction', { nodeId: a.nodeId }),
    ];
    for (const r of attempts) {
      expect(r.data).toBeUndefined();
      expect(r.serverError?.code).toBe('NOT_FOUND');
    }
    const page = await b.web.page('/backups');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain(volid!.slice('local:backup/'.length));
    expect(await getDb().operation.count({ where: { userId: b.user.id } })).toBe(0);
  });
});

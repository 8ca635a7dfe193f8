import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { returnsViolations } from './helpers/returns';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;
// a movable clock: the scheduler runs jobs when the test says time has passed
let now = Date.parse('2026-12-03T14:07:00Z');
const MIN = 60_000;

beforeAll(async () => {
  t = await startTestSim({
    taskDurationMs: 100,
    schedulerIntervalMs: 0,
    clock: () => now,
    tokens: [
      { id: 'kiln@pve!kiln', privileges: { '/': [...KILN_ROLE, 'VM.Backup', 'Datastore.Allocate', 'Sys.Modify', 'Pool.Allocate'] } },
      { id: 'kiln@pve!base', privileges: { '/': [...KILN_ROLE] } },
    ],
  });
  for (const vmid of [330, 331]) {
    const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: `job-${vmid}` });
    expect(await t.waitTask(upid)).toBe('OK');
  }
});
afterAll(async () => {
  await t?.close();
});

type Job = Record<string, unknown> & { id: string };
const job = (id: string): Promise<Job> => t.api.data<Job>('GET', `/cluster/backup/${id}`);

describe('backup jobs (/cluster/backup, pvescheduler)', () => {
  it('creates, reads, updates and deletes jobs with PVE shapes and checks', async () => {
    await t.api.data('POST', '/cluster/backup', {
      id: 'nightly',
      schedule: 'mon..fri 22:30',
      storage: 'local',
      vmid: '330',
      mode: 'snapshot',
      compress: 'zstd',
      'prune-backups': 'keep-daily=7,keep-weekly=4',
      'notes-template': '{{guestname}}',
    });
    const list = await t.api.data<Job[]>('GET', '/cluster/backup');
    expect(returnsViolations('GET', '/cluster/backup', list).filter((v) => !v.includes('prune-backups'))).toEqual([]);
    expect(await job('nightly')).toMatchObject({ id: 'nightly', type: 'vzdump', enabled: 1, schedule: 'mon..fri 22:30', vmid: '330', 'prune-backups': { 'keep-daily': '7', 'keep-weekly': '4' } });
    // 2026-12-03 is a Thursday: next run that evening at 22:30 UTC
    expect((await job('nightly'))['next-run']).toBe(Date.parse('2026-12-03T22:30:00Z') / 1000);

    await t.api.data('PUT', '/cluster/backup/nightly', { enabled: 0, delete: 'notes-template' });
    const edited = await job('nightly');
    expect(edited['enabled']).toBe(0);
    expect(edited['notes-template']).toBeUndefined();
    expect(edited['next-run']).toBeUndefined();

    const bad = await t.api.post('/cluster/backup', { id: 'bad', schedule: 'someday', storage: 'local', all: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body?.errors?.['schedule']).toMatch(/someday/);
    const both = await t.api.post('/cluster/backup', { id: 'both', schedule: 'daily', storage: 'local', all: 1, vmid: '330' });
    expect(both.body?.errors?.['all']).toBe("option conflicts with option 'vmid'");
    const weak = await t.client(1).post('/cluster/backup', { id: 'weak', schedule: 'daily', storage: 'local', all: 1 });
    expect([weak.status, weak.reason]).toEqual([403, 'Permission check failed (/, Sys.Modify)']);

    await t.api.data('DELETE', '/cluster/backup/nightly');
    const gone = await t.api.get('/cluster/backup/nightly');
    expect([gone.status, gone.reason]).toEqual([500, "Job 'nightly' does not exist"]);
  });

  it('reports included volumes and guests no job covers', async () => {
    await t.api.data('POST', '/cluster/backup', { id: 'only330', schedule: 'daily', storage: 'local', vmid: '330', enabled: 0 });
    const tree = await t.api.data<{ children: Array<{ id: number; type: string; children: Array<{ id: string; included: number; reason: string }> }> }>(
      'GET',
      '/cluster/backup/only330/included_volumes',
    );
    expect(tree.children.map((c) => [c.id, c.type])).toEqual([[330, 'lxc']]);
    expect(tree.children[0]?.children).toEqual([{ id: 'rootfs', name: 'local-lvm:vm-330-disk-0', included: 1, reason: 'rootfs' }]);
    const uncovered = await t.api.data<Array<{ vmid: number; type: string; name: string }>>('GET', '/cluster/backup-info/not-backed-up');
    expect(uncovered).toEqual([{ vmid: 331, type: 'lxc', name: 'job-331' }]);
    await t.api.data('DELETE', '/cluster/backup/only330');
  });

  it('runs due jobs on the scheduler clock; keep-last=2 over three runs leaves two archives', async () => {
    await t.api.data('POST', '/cluster/backup', { id: 'quarter', schedule: '*/15', storage: 'local', vmid: '331', mode: 'stop', compress: 'zstd', 'prune-backups': 'keep-last=2' });
    expect(t.sim.runDueBackupJobs()).toEqual([]); // 14:07: nothing due yet
    for (let run = 0; run < 3; run++) {
      now += 15 * MIN;
      const upids = t.sim.runDueBackupJobs();
      expect(upids).toHaveLength(1);
      expect(upids[0]).toMatch(/:vzdump:331:root@pam:$/);
      expect(await t.waitTask(upids[0] ?? '')).toBe('OK');
    }
    const archives = await t.api.data<Array<{ volid: string }>>('GET', '/nodes/pve1/storage/local/content', { content: 'backup', vmid: 331 });
    expect(archives.map((a) => a.volid).sort()).toEqual([
      // runs at 14:15, 14:30 and 14:45 (each slot once, dated by its schedule); the oldest was pruned
      'local:backup/vzdump-lxc-331-2026_12_03-14_30_00.tar.zst',
      'local:backup/vzdump-lxc-331-2026_12_03-14_45_00.tar.zst',
    ]);
    expect(t.sim.runDueBackupJobs()).toEqual([]); // ran already for this slot
  });
});

type Volumes = { children: Array<{ id: number; name: string; type: string; children: Array<{ id: string; name: string; included: number; reason: string }> }> };
const taskLog = async (upid: string): Promise<string[]> => (await t.api.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 })).map((l) => l.t);

describe('VMs in vzdump all/pool and in backup jobs', () => {
  it('vzdump all=1 (with exclude) and pool=<id> back VMs up beside containers', async () => {
    const vm = t.sim.addVm({ vmid: 332, name: 'all-vm', running: false });
    const all = await t.api.data<string>('POST', '/nodes/pve1/vzdump', { all: 1, exclude: '330,331', storage: 'local', compress: 'zstd' });
    expect(await t.waitTask(all)).toBe('OK');
    const allLog = await taskLog(all);
    expect(allLog).toContain(`INFO: Starting Backup of VM ${vm} (qemu)`);
    expect(allLog.filter((l) => l.startsWith('INFO: Starting Backup of VM'))).toEqual([`INFO: Starting Backup of VM ${vm} (qemu)`]);

    await t.api.data('POST', '/pools', { poolid: 'mixed' });
    await t.api.data('PUT', '/pools/mixed', { vms: `330,${vm}` });
    const pooled = await t.api.data<string>('POST', '/nodes/pve1/vzdump', { pool: 'mixed', storage: 'local', compress: 'zstd' });
    expect(await t.waitTask(pooled)).toBe('OK');
    expect((await taskLog(pooled)).filter((l) => l.startsWith('INFO: Starting Backup of VM'))).toEqual(['INFO: Starting Backup of VM 330 (lxc)', `INFO: Starting Backup of VM ${vm} (qemu)`]);
    const archives = await t.api.data<Array<{ volid: string; subtype: string }>>('GET', '/nodes/pve1/storage/local/content', { content: 'backup', vmid: vm });
    // both runs may fall in the same second (one archive name); either way the VM's archives are `.vma`
    expect(archives.length).toBeGreaterThan(0);
    expect(archives.every((a) => a.subtype === 'qemu' && a.volid.endsWith('.vma.zst'))).toBe(true);
    await t.api.data('PUT', '/pools/mixed', { vms: `330,${vm}`, delete: 1 });
    await t.api.data('DELETE', '/pools/mixed');
  });

  it('jobs include VMs: included volumes, not-backed-up, and the scheduler backs them up', async () => {
    const vm = t.sim.addVm({ vmid: 333, name: 'job-vm' });
    const uncovered = await t.api.data<Array<{ vmid: number; type: string; name: string }>>('GET', '/cluster/backup-info/not-backed-up');
    expect(uncovered).toContainEqual({ vmid: vm, type: 'qemu', name: 'job-vm' });

    await t.api.data('POST', '/cluster/backup', { id: 'guests', schedule: '*/5', storage: 'local', all: 1, exclude: '330', compress: 'zstd' });
    const tree = await t.api.data<Volumes>('GET', '/cluster/backup/guests/included_volumes');
    expect(returnsViolations('GET', '/cluster/backup/{id}/included_volumes', tree)).toEqual([]);
    const vmNode = tree.children.find((c) => c.id === vm);
    expect(vmNode).toEqual({ id: vm, name: 'job-vm', type: 'qemu', children: [{ id: 'scsi0', name: `local-lvm:vm-${vm}-disk-0`, included: 1, reason: 'backup=yes' }] });
    expect(tree.children.map((c) => c.id)).not.toContain(330);
    const still = await t.api.data<Array<{ vmid: number }>>('GET', '/cluster/backup-info/not-backed-up');
    expect(still.map((g) => g.vmid)).toEqual([330]);

    now += 5 * MIN;
    const upids = t.sim.runDueBackupJobs();
    expect(upids).toHaveLength(1);
    expect(await t.waitTask(upids[0] ?? '')).toBe('OK');
    const log = await taskLog(upids[0] ?? '');
    expect(log).toContain(`INFO: Starting Backup of VM ${vm} (qemu)`);
    expect(log).toContain('INFO: Starting Backup of VM 331 (lxc)');
    const archives = await t.api.data<Array<{ volid: string }>>('GET', '/nodes/pve1/storage/local/content', { content: 'backup', vmid: vm });
    expect(archives.map((a) => a.volid)).toEqual([expect.stringMatching(new RegExp(`^local:backup/vzdump-qemu-${vm}-2026_12_03-\\d\\d_\\d[05]_00\\.vma\\.zst$`))]);
    await t.api.data('DELETE', '/cluster/backup/guests');
  });
});

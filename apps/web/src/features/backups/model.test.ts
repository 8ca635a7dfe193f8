import { describe, expect, it } from 'vitest';
import type { BackupArchive, BackupJobView, BackupsView, InventoryRow } from '@kiln/services';
import { backupsModel, jobLastResult, previousRun } from './model';

const NOW = Date.parse('2026-12-03T14:07:00Z'); // a Thursday
const s = (iso: string) => Date.parse(iso) / 1000;
const archive = (vmid: number, iso: string, storage = 'local'): BackupArchive => ({
  volid: `${storage}:backup/vzdump-lxc-${vmid}-${iso}.tar.zst`,
  storage,
  pveNode: 'pve1',
  vmid,
  size: 1024,
  ctime: s(iso),
  format: 'tar.zst',
  notes: '',
  protected: false,
});
const job = (over: Partial<BackupJobView> = {}): BackupJobView => ({
  id: 'nightly',
  schedule: 'daily',
  enabled: true,
  storage: 'local',
  mode: 'snapshot',
  compress: 'zstd',
  vmids: [101, 102],
  all: false,
  retention: {},
  ...over,
});

describe('previousRun', () => {
  it('is the last time the schedule fired at or before now', () => {
    expect(new Date(previousRun('daily', NOW)!).toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(new Date(previousRun('sat 02:00', NOW)!).toISOString()).toBe('2026-11-28T02:00:00.000Z');
    expect(new Date(previousRun('monthly', NOW)!).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(previousRun('someday', NOW)).toBeUndefined();
  });
});

describe('jobLastResult', () => {
  it('reads the last run from the archives on the job’s storage', () => {
    expect(jobLastResult(job(), [101, 102], [archive(101, '2026-12-03T00:01:00Z'), archive(102, '2026-12-03T00:02:00Z')], NOW).state).toBe('ok');
    expect(jobLastResult(job(), [101, 102], [archive(101, '2026-12-03T00:01:00Z'), archive(102, '2026-12-02T00:02:00Z')], NOW)).toMatchObject({
      state: 'partial',
      text: expect.stringContaining('1 of 2'),
    });
    expect(jobLastResult(job(), [101, 102], [archive(101, '2026-12-03T00:01:00Z', 'nas')], NOW).state).toBe('missing');
    expect(jobLastResult(job({ enabled: false }), [101], [], NOW).text).toBe('Disabled.');
  });
  it('says which guests the run failed for and why, from PVE’s task logs', () => {
    const failed = (vmid: number, at: string, reason: string) => ({ vmid, pveNode: 'pve1', upid: `UPID:pve1:1:2:3:vzdump::root@pam:`, at: Date.parse(at) / 1000, reason, by: 'root@pam' });
    const failures = [failed(102, '2026-12-03T00:00:05Z', 'CT is locked (snapshot)'), failed(103, '2026-12-01T00:00:05Z', 'an older run')];
    expect(jobLastResult(job(), [101, 102, 103], [archive(101, '2026-12-03T00:01:00Z')], NOW, failures).text).toBe(
      '1 of 3 have a backup since the run due 2026-12-03 00:00 UTC. Failed: 102 (CT is locked (snapshot)).',
    );
  });
});

describe('backupsModel', () => {
  const view: BackupsView = {
    maxAgeDays: 7,
    clusters: [
      {
        clusterKey: 'u:c:lab',
        label: 'lab',
        nodeId: 'n1',
        nodeIds: ['n1'],
        access: 'owner',
        catalog: {
          clusterKey: 'u:c:lab',
          viaNodeId: 'n1',
          fetchedAt: NOW,
          storages: [{ pveNode: 'pve1', storage: 'local', type: 'dir', shared: false }],
          diskStorages: [{ pveNode: 'pve1', storage: 'local-lvm' }],
          archives: [archive(101, '2026-12-03T00:01:00Z'), archive(102, '2026-11-01T00:01:00Z')],
          jobs: [job({ vmids: [101] })],
          notBackedUp: [102, 103],
          unreachable: [],
        },
      },
    ],
  };
  const row = (vmid: number, name: string): InventoryRow => ({
    vmid,
    name,
    type: 'lxc',
    node: 'pve1',
    status: 'running',
    tags: [],
    template: false,
    nodeId: 'n1',
    kilnNodeName: 'lab',
    access: 'owner',
  });
  const rows = [row(101, 'web'), row(102, 'db'), row(103, 'new')];

  it('flags containers no job covers and those whose newest backup is too old', () => {
    const m = backupsModel(view, rows, NOW);
    expect(m.warnings.map((w) => [w.vmid, w.reasons])).toEqual([
      [102, ['No backup job covers it.', 'Its newest backup is 32 days old (your limit: 7).']],
      [103, ['No backup job covers it.', 'It has never been backed up.']],
    ]);
    expect(m.archives.map((a) => [a.vmid, a.guestName, a.guestExists])).toEqual([
      [101, 'web', true],
      [102, 'db', true],
    ]);
    expect(m.jobs[0]).toMatchObject({ preview: 'Every day at 00:00 (UTC)', lastResult: { state: 'ok' } });
    expect(m.jobs[0]!.nextRuns).toHaveLength(3);
  });

  it('flags a guest whose last backup by PVE failed, until a later one succeeds', () => {
    const failure = {
      vmid: 101,
      pveNode: 'pve1',
      upid: 'UPID:pve1:00001234:00005678:6B0F0000:vzdump::root@pam:',
      at: Date.parse('2026-12-03T02:00:00Z') / 1000,
      reason: 'CT is locked (snapshot)',
      by: 'root@pam',
    };
    const withFailure = (archives: BackupArchive[]) => ({ ...view, clusters: view.clusters.map((c) => ({ ...c, catalog: c.catalog && { ...c.catalog, archives, failures: [failure] } })) });
    const m = backupsModel(withFailure(view.clusters[0]!.catalog!.archives), rows, NOW);
    expect(m.warnings.find((w) => w.vmid === 101)?.reasons).toEqual(['Its last backup failed (2026-12-03 02:00 UTC, root@pam on pve1): CT is locked (snapshot)']);
    const later = backupsModel(withFailure([archive(101, '2026-12-03T03:00:00Z')]), rows, NOW);
    expect(later.warnings.find((w) => w.vmid === 101)).toBeUndefined();
  });

  it('names a VM’s archives by its VM and warns about VMs as about containers', () => {
    const vm: InventoryRow = { ...row(104, 'win'), type: 'qemu' };
    const withVm = {
      ...view,
      clusters: view.clusters.map((c) => ({
        ...c,
        catalog: c.catalog && { ...c.catalog, archives: [...c.catalog.archives, { ...archive(104, '2026-10-01T00:01:00Z'), guest: 'qemu' as const }], notBackedUp: [102, 103, 104] },
      })),
    };
    const all = backupsModel(withVm, [...rows, vm], NOW);
    expect(all.archives.find((a) => a.vmid === 104)).toMatchObject({ guestName: 'win', guestExists: true, guest: 'qemu' });
    expect(all.warnings.map((w) => [w.vmid, w.guest, w.reasons[0]])).toEqual([
      [102, 'lxc', 'No backup job covers it.'],
      [103, 'lxc', 'No backup job covers it.'],
      [104, 'qemu', 'No backup job covers it.'],
    ]);
    const own = backupsModel(withVm, [...rows, vm], NOW, { nodeId: 'n1', vmid: 104 });
    expect(own.warnings.map((w) => w.vmid)).toEqual([104]);
  });

  it('counts the VMs an `all` job selects in its last result', () => {
    const vm: InventoryRow = { ...row(104, 'win'), type: 'qemu' };
    const allJob = (archives: BackupArchive[]) => ({
      ...view,
      clusters: view.clusters.map((c) => ({ ...c, catalog: c.catalog && { ...c.catalog, jobs: [job({ all: true, vmids: [] })], archives } })),
    });
    const cts = [101, 102, 103].map((v) => archive(v, '2026-12-03T00:01:00Z'));
    expect(backupsModel(allJob(cts), [...rows, vm], NOW).jobs[0]?.lastResult).toMatchObject({ state: 'partial', text: expect.stringContaining('3 of 4') });
    const withVm = [...cts, { ...archive(104, '2026-12-03T00:02:00Z'), guest: 'qemu' as const }];
    expect(backupsModel(allJob(withVm), [...rows, vm], NOW).jobs[0]?.lastResult).toMatchObject({ state: 'ok', text: expect.stringContaining('All 4') });
  });

  it('narrows to one container for its Backups tab', () => {
    const m = backupsModel(view, rows, NOW, { nodeId: 'n1', vmid: 102 });
    expect(m.archives.map((a) => a.vmid)).toEqual([102]);
    expect(m.jobs).toEqual([]);
    expect(m.warnings.map((w) => w.vmid)).toEqual([102]);
  });
});

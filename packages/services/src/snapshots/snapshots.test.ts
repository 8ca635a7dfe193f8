import { describe, expect, it } from 'vitest';
import { snapshotNameSchema } from '../schemas/snapshots';
import { snapshotCapability } from './capability';
import { snapshotTree } from './tree';

const types = new Map([
  ['local', 'dir'],
  ['local-lvm', 'lvmthin'],
  ['tank', 'zfspool'],
]);

describe('snapshotCapability (has_feature snapshot, decided before PVE is asked)', () => {
  it('allows thin LVM and ZFS volumes', () => {
    expect(
      snapshotCapability(
        [
          { key: 'rootfs', volume: 'local-lvm:vm-101-disk-0' },
          { key: 'mp0', volume: 'tank:subvol-101-disk-1' },
        ],
        types,
      ),
    ).toEqual({ ok: true });
  });

  it('refuses a root disk on a dir storage, naming the storage and PVE’s text', () => {
    const c = snapshotCapability([{ key: 'rootfs', volume: 'local:101/vm-101-disk-0.raw' }], types);
    expect(c).toMatchObject({ ok: false, pveText: 'snapshot feature is not available' });
    expect(!c.ok && c.reason).toMatch(/^The root disk is on storage local \(type dir\), which cannot snapshot/);
  });

  it('refuses bind mounts and storages it does not know', () => {
    expect(
      snapshotCapability(
        [
          { key: 'rootfs', volume: 'local-lvm:vm-101-disk-0' },
          { key: 'mp1', volume: '/srv/data' },
        ],
        types,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^Mount point mp1 is a bind/) });
    expect(snapshotCapability([{ key: 'rootfs', volume: 'nfs1:101/vm-101-disk-0.raw' }], types).ok).toBe(false);
  });

  it('for a VM, allows qcow2 files on a dir storage but not raw ones', () => {
    expect(snapshotCapability([{ key: 'scsi0', volume: 'local:101/vm-101-disk-0.qcow2' }], types, 'qemu')).toEqual({ ok: true });
    expect(
      snapshotCapability(
        [
          { key: 'scsi0', volume: 'local-lvm:vm-101-disk-0' },
          { key: 'efidisk0', volume: 'tank:vm-101-disk-1' },
        ],
        types,
        'qemu',
      ),
    ).toEqual({ ok: true });
    const raw = snapshotCapability([{ key: 'scsi1', volume: 'local:101/vm-101-disk-1.raw' }], types, 'qemu');
    expect(raw).toMatchObject({ ok: false, pveText: 'snapshot feature is not available' });
    expect(!raw.ok && raw.reason).toMatch(/^Disk scsi1 is a raw file on storage local \(type dir\)/);
    expect(snapshotCapability([{ key: 'scsi0', volume: '/dev/sdb' }], types, 'qemu').ok).toBe(false);
  });
});

describe('snapshotTree', () => {
  it('nests children under parents, oldest first, with NOW under the snapshot it came from', () => {
    const tree = snapshotTree([
      { name: 'b', description: '', snaptime: 20, parent: 'a' },
      { name: 'a', description: 'first', snaptime: 10 },
      { name: 'c', description: '', snaptime: 30, parent: 'a' },
      { name: 'current', description: 'You are here!', parent: 'b', running: true },
    ]);
    expect(tree.map((e) => [e.name, e.depth, e.current])).toEqual([
      ['a', 0, false],
      ['b', 1, false],
      ['current', 2, true],
      ['c', 1, false],
    ]);
    expect(tree[2]!.description).toBe('');
  });

  it('puts NOW at the top level when there is no snapshot', () => {
    expect(snapshotTree([{ name: 'current', description: 'You are here!' }])).toEqual([{ name: 'current', description: '', depth: 0, current: true }]);
  });
});

describe('snapshotNameSchema (PVE pve-configid, maxLength 40)', () => {
  const ok = (n: string) => snapshotNameSchema.safeParse(n).success;
  it('accepts what PVE accepts', () => {
    for (const n of ['before-upgrade', 'v2_1', 'ab', 'A'.padEnd(40, 'x')]) expect(ok(n)).toBe(true);
  });
  it('refuses what PVE refuses, with a reason', () => {
    for (const n of ['a', '1st', 'has space', 'dot.ted', '-x', 'a'.repeat(41), 'current', 'vzdump', 'ümlaut']) expect(ok(n)).toBe(false);
    expect(snapshotNameSchema.safeParse('2024.01').error?.issues[0]?.message).toMatch(/Start with a letter/);
  });
});

import { describe, expect, it } from 'vitest';
import { canSnapshot } from './snapshot';

describe('canSnapshot (has_feature snapshot)', () => {
  it('allows thin LVM volumes', () => {
    expect(canSnapshot({ rootfs: 'local-lvm:vm-101-disk-0,size=8G', mp0: 'local-lvm:vm-101-disk-1,mp=/data,size=2G' })).toBe(true);
  });
  it('refuses raw files on a dir storage', () => {
    expect(canSnapshot({ rootfs: 'local:101/vm-101-disk-0.raw,size=8G' })).toBe(false);
  });
  it('refuses bind mount points', () => {
    expect(canSnapshot({ rootfs: 'local-lvm:vm-101-disk-0,size=8G', mp0: '/srv/data,mp=/data' })).toBe(false);
  });
});

describe('a container on a dir storage', () => {
  it('gets a raw file volume, which canSnapshot refuses', async () => {
    const { StorageService, setLocalHoldsContainers, storageDef } = await import('../state/storage');
    setLocalHoldsContainers(true);
    try {
      expect(storageDef('local')?.content).toContain('rootdir');
      const state = { volumes: {} } as unknown as ConstructorParameters<typeof StorageService>[0]['state'];
      const svc = new StorageService({ state, markDirty: () => undefined } as unknown as ConstructorParameters<typeof StorageService>[0]);
      const volid = svc.allocDisk('pve1', 'local', 150, 1024, 'rootdir');
      expect(volid).toBe('local:150/vm-150-disk-0.raw');
      expect(svc.allocDisk('pve1', 'local', 150, 1024, 'images')).toBe('local:150/vm-150-disk-1.raw');
      expect(canSnapshot({ rootfs: `${volid},size=8G` })).toBe(false);
    } finally {
      setLocalHoldsContainers(false);
    }
    expect(storageDef('local')?.content).not.toContain('rootdir');
  });
});

describe('vmCanSnapshot (QemuConfig has_feature snapshot)', () => {
  it('allows thin LVM and qcow2 files, refuses raw files on dir and paths; CD-ROMs do not count', async () => {
    const { vmCanSnapshot } = await import('../qemu/snapshot');
    expect(vmCanSnapshot({ scsi0: 'local-lvm:vm-100-disk-0,size=32G', ide2: 'local:iso/debian.iso,media=cdrom' })).toBe(true);
    expect(vmCanSnapshot({ scsi0: 'local:100/vm-100-disk-0.qcow2,size=32G' })).toBe(true);
    expect(vmCanSnapshot({ scsi0: 'local:100/vm-100-disk-0.raw,size=32G' })).toBe(false);
    expect(vmCanSnapshot({ virtio0: '/dev/sdb,size=100G' })).toBe(false);
  });
});

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

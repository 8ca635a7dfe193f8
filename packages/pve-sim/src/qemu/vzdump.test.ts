import { describe, expect, it } from 'vitest';
import { vmBackupVolumes } from './vzdump';

describe('vmBackupVolumes (PVE::QemuConfig::get_backup_volumes)', () => {
  it('lists disks in drive order, leaves out CD-ROMs, backup=0 and an EFI disk without OVMF, with PVE reasons', () => {
    const conf = {
      virtio1: 'local-lvm:vm-100-disk-3,backup=0,size=8G',
      scsi0: 'local-lvm:vm-100-disk-0,iothread=1,size=32G',
      ide2: 'local:iso/debian.iso,media=cdrom,size=600M',
      efidisk0: 'local-lvm:vm-100-disk-1,efitype=4m,size=4M',
      sata1: 'local-lvm:vm-100-disk-2,backup=1,size=4G',
      scsi10: 'local-lvm:vm-100-disk-4,size=1G',
      scsi2: 'local-lvm:vm-100-disk-5,size=1G',
    };
    expect(vmBackupVolumes({ ...conf, bios: 'seabios' })).toEqual([
      { key: 'sata1', volid: 'local-lvm:vm-100-disk-2', included: 1, reason: 'backup=no' },
      { key: 'scsi0', volid: 'local-lvm:vm-100-disk-0', included: 1, reason: 'backup=yes' },
      { key: 'scsi2', volid: 'local-lvm:vm-100-disk-5', included: 1, reason: 'backup=yes' },
      { key: 'scsi10', volid: 'local-lvm:vm-100-disk-4', included: 1, reason: 'backup=yes' },
      { key: 'virtio1', volid: 'local-lvm:vm-100-disk-3', included: 0, reason: 'backup=no' },
      { key: 'efidisk0', volid: 'local-lvm:vm-100-disk-1', included: 0, reason: 'efidisk but no OMVF BIOS' },
    ]);
    expect(vmBackupVolumes({ ...conf, bios: 'ovmf' }).find((v) => v.key === 'efidisk0')).toMatchObject({ included: 1, reason: 'backup=yes' });
  });
});

import { describe, expect, it } from 'vitest';
import { OPERATION_PARAMS } from './params';
import { BACKUP_OP_KINDS, BULK_OPERATIONS, CONTAINER_OPERATIONS, OPERATIONS, OPERATION_KINDS, operationLabel } from './table';

describe('the table of operations', () => {
  it('gives every bulk operation a container operation to run per child, with the same role', () => {
    for (const def of Object.values(BULK_OPERATIONS)) {
      const child = OPERATIONS[def.child];
      expect(child.need).toBe(def.need);
      expect(child.past).toBe(def.past);
    }
  });

  it('keeps deleting for the owner and power for operators', () => {
    expect(CONTAINER_OPERATIONS['container.delete'].need).toBe('owner');
    for (const k of ['container.start', 'container.stop', 'container.shutdown', 'container.reboot'] as const) expect(CONTAINER_OPERATIONS[k].need).toBe('operator');
  });

  it('validates the parameters of each kind and refuses unknown ones', () => {
    // Service operations name their unit; a creation's row records its attempt; snapshot ones name the snapshot.
    const needParams = new Set<string>([
      'service.start',
      'service.stop',
      'service.restart',
      'container.create',
      'container.configure',
      'container.resize',
      'container.revert-pending',
      'snapshot.create',
      'snapshot.rollback',
      'snapshot.delete',
      'snapshot.describe',
      'vm.snapshot.create',
      'vm.snapshot.rollback',
      'vm.snapshot.delete',
      'vm.snapshot.describe',
      'container.update',
      'bulk.update',
      ...BACKUP_OP_KINDS,
      'image.download',
      'image.pull',
      'image.delete',
    ]);
    for (const kind of OPERATION_KINDS) expect(OPERATION_PARAMS[kind].safeParse({}).success, kind).toBe(!needParams.has(kind));
    expect(OPERATION_PARAMS['service.restart'].parse({ unit: 'nginx.service' })).toEqual({ unit: 'nginx.service' });
    for (const unit of ['--now', '*.service', 'nginx', 'a;b.service']) expect(OPERATION_PARAMS['service.stop'].safeParse({ unit }).success, unit).toBe(false);
    expect(OPERATION_PARAMS['container.delete'].parse({})).toEqual({ force: false });
    // a VM snapshot may include the RAM; a container's may not
    expect(OPERATION_PARAMS['vm.snapshot.create'].parse({ snapname: 'pre' })).toEqual({ snapname: 'pre', description: '', vmstate: false });
    expect(OPERATION_PARAMS['snapshot.create'].safeParse({ snapname: 'pre', vmstate: true }).success).toBe(false);
    expect(OPERATION_PARAMS['container.start'].safeParse({ force: true }).success).toBe(false);
    // backups: only backup volumes, storage and job ids PVE would accept
    expect(OPERATION_PARAMS['backup.create'].parse({ storage: 'local' })).toEqual({ storage: 'local', mode: 'snapshot', compress: 'zstd', protected: false });
    expect(OPERATION_PARAMS['backup.delete'].safeParse({ volid: 'local:vm-101-disk-0', pveNode: 'pve1' }).success).toBe(false);
    expect(OPERATION_PARAMS['backup.delete'].safeParse({ volid: 'local:backup/../../etc/passwd', pveNode: 'pve1' }).success).toBe(false);
    expect(OPERATION_PARAMS['backup.delete'].safeParse({ volid: 'local:backup/vzdump-lxc-101-2026_12_03-14_30_00.tar.zst', pveNode: 'pve1' }).success).toBe(true);
    expect(OPERATION_PARAMS['backup-job.run'].safeParse({ id: '-rf' }).success).toBe(false);
    expect(OPERATION_PARAMS['snapshot.rollback'].parse({ snapname: 'pre' })).toEqual({ snapname: 'pre', start: false });
    expect(OPERATION_PARAMS['snapshot.create'].safeParse({ snapname: 'has space' }).success).toBe(false);
    expect(OPERATION_PARAMS['snapshot.describe'].parse({ snapname: 'pre', description: '' })).toEqual({ snapname: 'pre', description: '' });
    expect(OPERATION_PARAMS['snapshot.describe'].safeParse({ snapname: 'pre', description: 'x'.repeat(1025) }).success).toBe(false);
    // OS images: only container template volumes and plain file names, on a storage PVE would accept
    expect(OPERATION_PARAMS['image.delete'].safeParse({ pveNode: 'pve1', storage: 'local', volid: 'local:vztmpl/alpine_3.22.tar' }).success).toBe(true);
    expect(OPERATION_PARAMS['image.delete'].safeParse({ pveNode: 'pve1', storage: 'local', volid: 'local:backup/vzdump-lxc-101-2026_12_03-14_30_00.tar.zst' }).success).toBe(false);
    expect(OPERATION_PARAMS['image.delete'].safeParse({ pveNode: 'pve1', storage: 'local', volid: 'local:vztmpl/../../etc/passwd' }).success).toBe(false);
    expect(OPERATION_PARAMS['image.download'].safeParse({ pveNode: 'pve1', storage: 'local', template: 'debian-13-standard_13.1-2_amd64.tar.zst' }).success).toBe(true);
    expect(OPERATION_PARAMS['image.download'].safeParse({ pveNode: 'pve1', storage: 'local', template: '../x.tar.zst' }).success).toBe(false);
    expect(OPERATION_PARAMS['image.pull'].safeParse({ pveNode: 'pve1', storage: 'local', reference: 'alpine:3.22', filename: 'a/b.tar' }).success).toBe(false);
    // a restore's new resources: PVE's ranges, and nothing else
    const restore = { volid: 'local:backup/vzdump-lxc-101-2026_12_03-14_30_00.tar.zst', pveNode: 'pve1', storage: 'local-lvm', overwrite: false };
    for (const resources of [{ memory: 8 }, { cores: 0 }, { rootfsGiB: 0.5 }, { net0: 'x' }])
      expect(OPERATION_PARAMS['backup.restore'].safeParse({ ...restore, resources }).success, JSON.stringify(resources)).toBe(false);
    expect(OPERATION_PARAMS['backup.restore'].parse({ ...restore, resources: { cores: 2, rootfsGiB: 16 } }).resources).toEqual({ cores: 2, rootfsGiB: 16 });
    // a bulk update: OS updates only (template versions differ per container), 1..4 at once per node, stops at the first rollback unless told not to
    expect(OPERATION_PARAMS['bulk.update'].parse({ options: { what: 'os-security', safety: 'snapshot' } })).toEqual({
      options: { what: 'os-security', safety: 'snapshot', keepDays: 7, perNode: 1, stopAtFirstRollback: true },
    });
    for (const options of [{ what: 'template', safety: 'snapshot' }, { what: 'os', safety: 'backup' }, { what: 'os', safety: 'none', perNode: 5 }, { what: 'os' }])
      expect(OPERATION_PARAMS['bulk.update'].safeParse({ options }).success, JSON.stringify(options)).toBe(false);
    // an update: what, and an explicit safety net; an extra check names a port (and an HTTP path), nothing else
    expect(OPERATION_PARAMS['container.update'].parse({ what: 'os', safety: 'snapshot' })).toEqual({ what: 'os', safety: 'snapshot', force: false, keepDays: 7 });
    for (const check of [
      { kind: 'tcp', port: 0 },
      { kind: 'http', port: 80, path: 'x y' },
      { kind: 'udp', port: 53 },
    ])
      expect(OPERATION_PARAMS['container.update'].safeParse({ what: 'os', safety: 'none', check }).success, JSON.stringify(check)).toBe(false);
  });

  it('adopts with a template row id or none, and the config digest; nothing else', () => {
    expect(OPERATION_PARAMS['container.adopt'].parse({})).toEqual({ templateId: null });
    const templateId = '5f0c4a52-6a3e-4a57-8a43-0d1f3c2b1a00';
    expect(OPERATION_PARAMS['container.adopt'].parse({ templateId, digest: 'abc' })).toEqual({ templateId, digest: 'abc' });
    for (const p of [{ templateId: 'redis' }, { templateId: null, hostname: 'x' }, { digest: '' }]) expect(OPERATION_PARAMS['container.adopt'].safeParse(p).success, JSON.stringify(p)).toBe(false);
    expect(operationLabel('bulk.adopt')).toBe('Adopt (several)');
  });

  it('labels unknown kinds (rows of a newer Kiln) by their key', () => {
    expect(operationLabel('container.start')).toBe('Start');
    expect(operationLabel('bulk.shutdown')).toBe('Shut down (several)');
    expect(operationLabel('container.snapshot')).toBe('container.snapshot');
  });
});

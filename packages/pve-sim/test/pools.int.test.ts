import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { returnsViolations } from './helpers/returns';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;

beforeAll(async () => {
  t = await startTestSim({
    taskDurationMs: 50,
    tokens: [
      { id: 'kiln@pve!kiln', privileges: { '/': [...KILN_ROLE, 'VM.Backup', 'Pool.Allocate', 'Pool.Audit', 'Datastore.Allocate'] } },
      // may manage pools, but not add guests to them
      { id: 'kiln@pve!pools', privileges: { '/': ['Pool.Allocate', 'Pool.Audit', 'VM.Audit'] } },
      { id: 'kiln@pve!base', privileges: { '/': [...KILN_ROLE] } },
      // rights only through a pool's ACL
      { id: 'team@pve!kiln', privileges: { '/pool/team': ['VM.Audit', 'Pool.Audit'] } },
    ],
  });
  for (const vmid of [340, 341, 342]) {
    const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: `pool-${vmid}` });
    expect(await t.waitTask(upid)).toBe('OK');
  }
});
afterAll(async () => {
  await t?.close();
});

type Member = { id: string; type: string; node: string; vmid?: number; storage?: string };
const readPool = (id: string, params: Record<string, unknown> = {}): Promise<{ comment?: string; members: Member[] }> => t.api.data('GET', `/pools/${id}`, params);
const fail = async (method: string, path: string, params: Record<string, unknown> = {}, client = t.api): Promise<[number, string]> => {
  const res = await client.call(method, path, params);
  return [res.status, res.reason];
};

describe('resource pools (/pools)', () => {
  it('creates, lists, reads, updates and deletes pools with PVE shapes and texts', async () => {
    await t.api.data('POST', '/pools', { poolid: 'web', comment: 'front ends' });
    await t.api.data('POST', '/pools', { poolid: 'db' });
    expect(await fail('POST', '/pools', { poolid: 'web' })).toEqual([500, "create pool failed: pool 'web' already exists"]);
    expect((await t.api.call('POST', '/pools', { poolid: 'no/t ok' })).status).toBe(400);

    const list = await t.api.data<unknown[]>('GET', '/pools');
    expect(returnsViolations('GET', '/pools', list)).toEqual([]);
    expect(list).toEqual([{ poolid: 'db' }, { poolid: 'web', comment: 'front ends' }]);

    await t.api.data('PUT', '/pools/web', { vms: '340,341', storage: 'local' });
    const web = await readPool('web');
    expect(returnsViolations('GET', '/pools/{poolid}', web)).toEqual([]);
    expect(web.comment).toBe('front ends');
    expect(web.members.map((m) => [m.id, m.type, m.node])).toEqual([
      ['lxc/340', 'lxc', 'pve1'],
      ['lxc/341', 'lxc', 'pve1'],
      ['storage/pve1/local', 'storage', 'pve1'],
    ]);
    expect((await readPool('web', { type: 'storage' })).members.map((m) => m.storage)).toEqual(['local']);
    expect((await readPool('web', { type: 'qemu' })).members).toEqual([]);
    // the PVE 9 form: the list with `poolid` carries the members
    const one = await t.api.data<Array<{ poolid: string; members: Member[] }>>('GET', '/pools', { poolid: 'web', type: 'lxc' });
    expect(returnsViolations('GET', '/pools', one)).toEqual([]);
    expect(one.map((p) => [p.poolid, p.members.map((m) => m.vmid)])).toEqual([['web', [340, 341]]]);

    expect(await fail('PUT', '/pools/web', { vms: '340' })).toEqual([500, 'update pools failed: VM 340 is already a pool member']);
    expect(await fail('PUT', '/pools/db', { vms: '341' })).toEqual([500, "update pools failed: VM 341 belongs already to pool 'web' and allow-move is not set"]);
    expect(await fail('PUT', '/pools/db', { vms: '342', delete: 1 })).toEqual([500, 'update pools failed: VM 342 is not a pool member']);
    expect(await fail('PUT', '/pools/db', { storage: 'local', delete: 1 })).toEqual([500, "update pools failed: Storage 'local' is not a pool member"]);
    expect(await fail('PUT', '/pools/nope', { comment: 'x' })).toEqual([500, "update pools failed: pool 'nope' does not exist"]);
    expect(await fail('GET', '/pools/nope')).toEqual([500, "pool 'nope' does not exist"]);

    // a refused update changes nothing, a move takes the guest out of its old pool
    expect(await fail('PUT', '/pools/db', { vms: '342,340' })).toEqual([500, "update pools failed: VM 340 belongs already to pool 'web' and allow-move is not set"]);
    expect((await readPool('db')).members).toEqual([]);
    await t.api.data('PUT', '/pools/db', { vms: '341', 'allow-move': 1, comment: 'moved' });
    expect((await readPool('db')).members.map((m) => m.vmid)).toEqual([341]);
    expect((await readPool('db')).comment).toBe('moved');
    expect((await readPool('web')).members.map((m) => m.id)).toEqual(['lxc/340', 'storage/pve1/local']);

    // `pool` on the guests' `/cluster/resources` entries, and the pools themselves
    const resources = await t.api.data<Array<Record<string, unknown>>>('GET', '/cluster/resources');
    expect(returnsViolations('GET', '/cluster/resources', resources)).toEqual([]);
    expect(resources.filter((r) => r['type'] === 'pool')).toEqual([
      { id: '/pool/db', pool: 'db', type: 'pool' },
      { id: '/pool/web', pool: 'web', type: 'pool' },
    ]);
    const guests = resources.filter((r) => r['type'] === 'lxc');
    expect(guests.find((r) => r['vmid'] === 340)?.['pool']).toBe('web');
    expect(guests.find((r) => r['vmid'] === 341)?.['pool']).toBe('db');
    expect(guests.find((r) => r['vmid'] === 342)).not.toHaveProperty('pool');

    // only empty pools go
    expect(await fail('DELETE', '/pools/web')).toEqual([500, "delete pool failed: pool 'web' is not empty (contains VM 340)"]);
    await t.api.data('PUT', '/pools/web', { vms: '340', delete: 1 });
    expect(await fail('DELETE', '/pools/web')).toEqual([500, "delete pool failed: pool 'web' is not empty (contains storage 'local')"]);
    await t.api.data('PUT', '/pools', { poolid: 'web', storage: 'local', delete: 1 });
    await t.api.data('DELETE', '/pools', { poolid: 'web' });
    expect(await fail('DELETE', '/pools/web')).toEqual([500, "delete pool failed: pool 'web' does not exist"]);
    expect((await t.api.data<Array<{ poolid: string }>>('GET', '/pools')).map((p) => p.poolid)).toEqual(['db']);
  });

  it('checks Pool.Allocate, Pool.Audit and VM.Allocate on the guests as PVE does', async () => {
    const base = t.client(2);
    const pools = t.client(1);
    await t.api.data('POST', '/pools', { poolid: 'perm' });
    expect(await fail('POST', '/pools', { poolid: 'mine' }, base)).toEqual([403, 'Permission check failed (/pool/mine, Pool.Allocate)']);
    expect(await fail('GET', '/pools/perm', {}, base)).toEqual([403, 'Permission check failed (/pool/perm, Pool.Audit)']);
    expect(await fail('DELETE', '/pools/perm', {}, base)).toEqual([403, 'Permission check failed (/pool/perm, Pool.Allocate)']);
    // the list hides what one may not audit
    expect(await base.data('GET', '/pools')).toEqual([]);
    expect((await base.data<Array<{ type: string }>>('GET', '/cluster/resources')).some((r) => r.type === 'pool')).toBe(false);
    // adding a guest also needs VM.Allocate on it (checked inside the user.cfg lock: a 500)
    expect(await fail('PUT', '/pools/perm', { vms: '342' }, pools)).toEqual([500, 'update pools failed: Permission check failed (/vms/342, VM.Allocate)']);
    await pools.data('PUT', '/pools/perm', { comment: 'comments need only Pool.Allocate' });
    expect((await readPool('perm')).comment).toBe('comments need only Pool.Allocate');
    await t.api.data('DELETE', '/pools/perm');
  });

  it('lets an ACL on /pool/<id> reach the pool’s guests (and only them)', async () => {
    const team = t.client(3);
    await t.api.data('POST', '/pools', { poolid: 'team' });
    expect(await fail('GET', '/nodes/pve1/lxc/342/status/current', {}, team)).toEqual([403, 'Permission check failed (/vms/342, VM.Audit)']);
    await t.api.data('PUT', '/pools/team', { vms: '342' });
    expect((await team.data<{ vmid: number }>('GET', '/nodes/pve1/lxc/342/status/current')).vmid).toBe(342);
    const visible = await team.data<Array<Record<string, unknown>>>('GET', '/cluster/resources', { type: 'vm' });
    expect(visible.map((r) => [r['vmid'], r['pool']])).toEqual([[342, 'team']]);
    expect(await fail('GET', '/nodes/pve1/lxc/340/status/current', {}, team)).toEqual([403, 'Permission check failed (/vms/340, VM.Audit)']);
    await t.api.data('PUT', '/pools/team', { vms: '342', delete: 1 });
    expect(await fail('GET', '/nodes/pve1/lxc/342/status/current', {}, team)).toEqual([403, 'Permission check failed (/vms/342, VM.Audit)']);
    await t.api.data('DELETE', '/pools/team');
  });

  it('puts created and restored guests into their pool, lets destroyed ones go and backs up a pool', async () => {
    await t.api.data('POST', '/pools', { poolid: 'batch' });
    const missing = await t.api.call('POST', '/nodes/pve1/lxc', { vmid: 343, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', pool: 'ghost' });
    expect([missing.status, missing.reason]).toEqual([403, "Permission check failed (pool 'ghost' does not exist)"]);
    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 343, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', pool: 'batch' }))).toBe('OK');
    await t.api.data('PUT', '/pools/batch', { vms: '342' });
    expect((await readPool('batch')).members.map((m) => m.vmid)).toEqual([342, 343]);

    // vzdump expands the pool to its guests when it starts
    const upid = await t.api.data<string>('POST', '/nodes/pve1/vzdump', { pool: 'batch', storage: 'local', compress: 'zstd' });
    expect(await t.waitTask(upid)).toBe('OK');
    const log = await t.api.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 500 });
    expect(log[0]?.t).toMatch(/^INFO: starting new backup job: vzdump 342 343 /);
    const backups = await t.api.data<Array<{ vmid: number }>>('GET', '/nodes/pve1/storage/local/content', { content: 'backup' });
    expect(backups.map((b) => b.vmid).sort()).toEqual([342, 343]);
    const unknown = await t.api.call('POST', '/nodes/pve1/vzdump', { pool: 'ghost', storage: 'local' });
    expect([unknown.status, unknown.reason]).toEqual([500, "pool 'ghost' does not exist"]);

    // a restore with `pool` joins it
    const archive = `local:${(await t.api.data<Array<{ volid: string; vmid: number }>>('GET', '/nodes/pve1/storage/local/content', { content: 'backup', vmid: 343 }))[0]?.volid.split(':')[1]}`;
    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 344, ostemplate: archive, restore: 1, storage: 'local-lvm', pool: 'batch' }))).toBe('OK');
    expect((await readPool('batch')).members.map((m) => m.vmid)).toEqual([342, 343, 344]);

    // destroyed guests leave: no longer listed, no longer keeping the pool alive
    for (const vmid of [342, 343, 344]) expect(await t.waitTask(await t.api.data<string>('DELETE', `/nodes/pve1/lxc/${vmid}`, vmid === 344 ? { purge: 1 } : {}))).toBe('OK');
    expect((await readPool('batch')).members).toEqual([]);
    await t.api.data('DELETE', '/pools/batch');
  });
});

describe('pools in the state file', () => {
  it('survive a restart, as do the pool backup jobs pvescheduler runs', async () => {
    let now = Date.parse('2026-12-03T14:07:00Z');
    const opts = {
      taskDurationMs: 50,
      schedulerIntervalMs: 0,
      clock: () => now,
      tokens: [{ id: 'kiln@pve!kiln', privileges: { '/': [...KILN_ROLE, 'VM.Backup', 'Pool.Allocate', 'Pool.Audit', 'Sys.Modify'] } }],
    };
    const first = await startTestSim(opts);
    const dir = first.dataDir;
    try {
      expect(await first.waitTask(await first.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 350, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' }))).toBe('OK');
      expect(await first.waitTask(await first.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 351, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' }))).toBe('OK');
      await first.api.data('POST', '/pools', { poolid: 'kept', comment: 'survives' });
      await first.api.data('PUT', '/pools/kept', { vms: '351' });
    } finally {
      await first.close({ keepDir: true });
    }
    const second = await startTestSim(opts, dir);
    try {
      const pool = await second.api.data<{ comment?: string; members: Member[] }>('GET', '/pools/kept');
      expect([pool.comment, pool.members.map((m) => m.vmid)]).toEqual(['survives', [351]]);
      await second.api.data('POST', '/cluster/backup', { id: 'by-pool', schedule: '15:00', storage: 'local', pool: 'kept' });
      const included = await second.api.data<{ children: Array<{ id: number }> }>('GET', '/cluster/backup/by-pool/included_volumes');
      expect(included.children.map((c) => c.id)).toEqual([351]);
      now = Date.parse('2026-12-03T15:00:30Z');
      const [upid, ...more] = second.sim.runDueBackupJobs();
      expect(more).toEqual([]);
      expect(await second.waitTask(upid ?? '')).toBe('OK');
      const backups = await second.api.data<Array<{ vmid: number }>>('GET', '/nodes/pve1/storage/local/content', { content: 'backup' });
      expect(backups.map((b) => b.vmid)).toEqual([351]);
    } finally {
      await second.close();
    }
  });
});

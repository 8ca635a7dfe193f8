import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { returnsViolations } from './helpers/returns';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;
const DAY2 = [...KILN_ROLE, 'VM.Backup'];
/** Kiln's role before snapshots were part of it: what a token set up for an older Kiln holds. */
const WITHOUT_SNAPSHOTS = KILN_ROLE.filter((p) => !p.startsWith('VM.Snapshot'));

beforeAll(async () => {
  t = await startTestSim({
    taskDurationMs: 150,
    tokens: [
      { id: 'kiln@pve!kiln', privileges: { '/': DAY2 } },
      { id: 'kiln@pve!base', privileges: { '/': WITHOUT_SNAPSHOTS } },
      { id: 'kiln@pve!rollback', privileges: { '/': [...WITHOUT_SNAPSHOTS, 'VM.Snapshot.Rollback'] } },
    ],
  });
  const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: 'snap-300' });
  expect(await t.waitTask(upid)).toBe('OK');
});
afterAll(async () => {
  await t?.close();
});

const base = '/nodes/pve1/lxc/300';
const noteFile = (): string => join(t.dataDir, 'rootfs', '300', 'root', 'note.txt');
type Snap = { name: string; parent?: string; description: string; snaptime?: number; running?: number; digest?: string; snapstate?: string };
const list = (): Promise<Snap[]> => t.api.data<Snap[]>('GET', `${base}/snapshot`);
const taskLog = async (upid: string): Promise<string[]> => (await t.api.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 })).map((l) => l.t);

describe('container snapshots (pve-container Snapshot.pm / AbstractConfig)', () => {
  it('snapshot captures the files, rollback restores them, delete re-parents the tree', async () => {
    await writeFile(noteFile(), 'first\n');
    const upid = await t.api.data<string>('POST', `${base}/snapshot`, { snapname: 'before_upgrade', description: 'known good' });
    expect(upid).toMatch(/:vzsnapshot:300:kiln@pve!kiln:$/);
    // the lock is held while the worker runs: other changes are refused with PVE's text
    expect((await t.api.data<Record<string, unknown>>('GET', `${base}/config`))['lock']).toBe('snapshot');
    const blocked = await t.api.put(`${base}/config`, { memory: 1024 });
    expect([blocked.status, blocked.reason]).toEqual([500, 'CT is locked (snapshot)']);
    expect(await t.waitTask(upid)).toBe('OK');
    expect(await taskLog(upid)).toContain('  Logical volume "snap_vm-300-disk-0_before_upgrade" created.');

    await writeFile(noteFile(), 'second\n');
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/snapshot`, { snapname: 'second' }))).toBe('OK');
    await writeFile(noteFile(), 'broken\n');

    const tree = await list();
    expect(returnsViolations('GET', '/nodes/{node}/lxc/{vmid}/snapshot', tree)).toEqual([]);
    expect(tree.map((s) => [s.name, s.parent, s.description])).toEqual([
      ['before_upgrade', undefined, 'known good'],
      ['second', 'before_upgrade', ''],
      ['current', 'second', 'You are here!'],
    ]);
    const current = tree.at(-1);
    expect(current?.running).toBe(0);
    expect(current?.digest).toBe((await t.api.data<{ digest: string }>('GET', `${base}/config`)).digest);

    const snapConf = await t.api.data<Record<string, unknown>>('GET', `${base}/snapshot/before_upgrade/config`);
    expect(snapConf).toMatchObject({ hostname: 'snap-300', description: 'known good', rootfs: 'local-lvm:vm-300-disk-0,size=4G' });
    expect(typeof snapConf['snaptime']).toBe('number');
    expect(snapConf['lock']).toBeUndefined();
    const viaConfig = await t.api.data<Record<string, unknown>>('GET', `${base}/config`, { snapshot: 'second' });
    expect(viaConfig).toMatchObject({ hostname: 'snap-300', parent: 'before_upgrade' });

    await t.api.data('PUT', `${base}/config`, { memory: 2048 });
    const rb = await t.api.data<string>('POST', `${base}/snapshot/before_upgrade/rollback`, { start: 1 });
    expect(rb).toMatch(/:vzrollback:300:kiln@pve!kiln:$/);
    expect(await t.waitTask(rb)).toBe('OK');
    expect(await readFile(noteFile(), 'utf8')).toBe('first\n');
    const conf = await t.api.data<Record<string, unknown>>('GET', `${base}/config`);
    expect(conf['memory']).toBe(512);
    expect(conf['parent']).toBe('before_upgrade');
    expect((await t.api.data<{ status: string }>('GET', `${base}/status/current`)).status).toBe('running');

    // rolling back a running container stops it first
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/snapshot/second/rollback`))).toBe('OK');
    expect(await readFile(noteFile(), 'utf8')).toBe('second\n');
    expect((await t.api.data<{ status: string }>('GET', `${base}/status/current`)).status).toBe('stopped');

    const del = await t.api.data<string>('DELETE', `${base}/snapshot/before_upgrade`);
    expect(del).toMatch(/:vzdelsnapshot:300:/);
    expect(await t.waitTask(del)).toBe('OK');
    expect((await list()).map((s) => [s.name, s.parent])).toEqual([
      ['second', undefined],
      ['current', 'second'],
    ]);
    const gone = await t.api.get(`${base}/snapshot/before_upgrade/config`);
    expect([gone.status, gone.reason]).toEqual([500, "snapshot 'before_upgrade' does not exist"]);
  });

  it('refuses reserved, invalid and duplicate names with PVE texts', async () => {
    const reserved = await t.api.post(`${base}/snapshot`, { snapname: 'current' });
    expect([reserved.status, reserved.reason]).toEqual([500, "unable to use snapshot name 'current' (reserved name)"]);
    const invalid = await t.api.post(`${base}/snapshot`, { snapname: '1st' });
    expect(invalid.status).toBe(400);
    expect(invalid.body?.errors?.['snapname']).toMatch(/invalid configuration ID '1st'/);
    const dup = await t.api.data<string>('POST', `${base}/snapshot`, { snapname: 'second' });
    expect(await t.waitTask(dup)).toBe("snapshot name 'second' already used");
    // a failed worker leaves no lock behind
    expect((await t.api.data<Record<string, unknown>>('GET', `${base}/config`))['lock']).toBeUndefined();
  });

  it('a second snapshot operation while one runs fails with the lock text', async () => {
    const first = await t.api.data<string>('POST', `${base}/snapshot`, { snapname: 'third' });
    const second = await t.api.data<string>('POST', `${base}/snapshot`, { snapname: 'fourth' });
    expect(await t.waitTask(second)).toBe('CT is locked (snapshot)');
    expect(await t.waitTask(first)).toBe('OK');
    const upd = await t.api.put(`${base}/snapshot/third/config`, { description: 'edited' });
    expect(upd.status).toBe(200);
    expect((await list()).find((s) => s.name === 'third')?.description).toBe('edited');
  });

  it('checks VM.Snapshot, and VM.Snapshot.Rollback suffices for rollback', async () => {
    const plain = t.client(1);
    const refused = await plain.post(`${base}/snapshot`, { snapname: 'x' });
    expect([refused.status, refused.reason]).toEqual([403, 'Permission check failed (/vms/300, VM.Snapshot)']);
    const rb = await plain.post(`${base}/snapshot/second/rollback`);
    expect([rb.status, rb.reason]).toEqual([403, 'Permission check failed (/vms/300, VM.Snapshot|VM.Snapshot.Rollback)']);
    expect((await plain.get(`${base}/snapshot`)).status).toBe(200);
    const rollbackOnly = t.client(2);
    expect(await t.waitTask(await rollbackOnly.data<string>('POST', `${base}/snapshot/second/rollback`))).toBe('OK');
    const del = await rollbackOnly.del(`${base}/snapshot/second`);
    expect(del.status).toBe(403);
  });

  it('destroying the container drops its snapshots', async () => {
    expect(await t.waitTask(await t.api.data<string>('DELETE', base))).toBe('OK');
    const res = await t.api.get(`${base}/snapshot`);
    expect(res.reason).toBe("Configuration file 'nodes/pve1/lxc/300.conf' does not exist");
  });
});

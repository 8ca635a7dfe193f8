import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;
const DAY2 = [...KILN_ROLE, 'VM.Snapshot', 'VM.Snapshot.Rollback', 'VM.Backup', 'Datastore.Allocate'];

beforeAll(async () => {
  t = await startTestSim({
    taskDurationMs: 150,
    tokens: [
      { id: 'kiln@pve!kiln', privileges: { '/': DAY2 } },
      { id: 'kiln@pve!base', privileges: { '/': [...KILN_ROLE] } },
    ],
  });
  const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 320, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: 'bk-320', memory: 768 });
  expect(await t.waitTask(upid)).toBe('OK');
});
afterAll(async () => {
  await t?.close();
});

type Backup = { volid: string; format: string; size: number; ctime: number; vmid: number; subtype?: string; notes?: string; protected?: number; content: string };
const backups = async (vmid?: number): Promise<Backup[]> => t.api.data<Backup[]>('GET', '/nodes/pve1/storage/local/content', { content: 'backup', ...(vmid ? { vmid } : {}) });
const dumpDir = (): string => join(t.dataDir, 'storage', 'pve1', 'local', 'dump');
const rootFile = (vmid: number, rel: string): string => join(t.dataDir, 'rootfs', String(vmid), rel);
const vzdump = (params: Record<string, unknown>): Promise<string> => t.api.data<string>('POST', '/nodes/pve1/vzdump', { storage: 'local', compress: 'zstd', ...params });

describe('backups (vzdump, content, restore)', () => {
  it('refuses a token without VM.Backup before anything runs', async () => {
    const res = await t.client(1).post('/nodes/pve1/vzdump', { vmid: 320, storage: 'local' });
    expect([res.status, res.reason]).toEqual([403, 'Permission check failed (/vms/320, VM.Backup)']);
    expect(await backups()).toEqual([]);
  });

  it('writes a real zstd archive with notes and a log, and lists it like PVE', async () => {
    await writeFile(rootFile(320, 'root/data.txt'), 'precious\n');
    const upid = await vzdump({ vmid: 320, mode: 'snapshot', 'notes-template': '{{guestname}} on {{node}}' });
    expect(upid).toMatch(/:vzdump:320:kiln@pve!kiln:$/);
    expect((await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/320/config'))['lock']).toBe('backup');
    const snap = await t.api.data<string>('POST', '/nodes/pve1/lxc/320/snapshot', { snapname: 'during' });
    expect(await t.waitTask(snap)).toBe('CT is locked (backup)');
    expect(await t.waitTask(upid)).toBe('OK');

    const log = (await t.api.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 })).map((l) => l.t);
    expect(log[0]).toMatch(/^INFO: starting new backup job: vzdump 320 --storage local --mode snapshot --compress zstd/);
    expect(log.some((l) => /^INFO: creating vzdump archive '\/var\/lib\/vz\/dump\/vzdump-lxc-320-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.tar\.zst'$/.test(l))).toBe(true);
    expect(log.at(-1)).toBe('TASK OK');

    const [b] = await backups(320);
    expect(b).toMatchObject({ content: 'backup', format: 'tar.zst', subtype: 'lxc', vmid: 320, notes: 'bk-320 on pve1' });
    expect(b?.volid).toMatch(/^local:backup\/vzdump-lxc-320-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.tar\.zst$/);
    const file = join(dumpDir(), (b?.volid ?? '').replace('local:backup/', ''));
    expect(b?.size).toBe(readFileSync(file).length);
    expect(existsSync(`${file}.notes`)).toBe(true);
    expect(readFileSync(file.replace(/\.tar\.zst$/, '.log'), 'utf8')).toMatch(/INFO: Starting Backup of VM 320 \(lxc\)/);
    const members = execFileSync('tar', ['-tf', file]).toString().split('\n');
    expect(members).toContain('./etc/vzdump/pct.conf');
    expect(members).toContain('./root/data.txt');
  });

  it('restores into a new VMID, and over the old one only when it is stopped and forced', async () => {
    const [b] = await backups(320);
    const volid = b?.volid ?? '';
    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc/320/status/start'))).toBe('OK');
    const running = await t.api.post('/nodes/pve1/lxc', { vmid: 320, ostemplate: volid, restore: 1, force: 1, storage: 'local-lvm' });
    expect([running.status, running.reason]).toEqual([500, "can't overwrite running container"]);
    const noForce = await t.api.post('/nodes/pve1/lxc', { vmid: 320, ostemplate: volid, restore: 1, storage: 'local-lvm' });
    expect(noForce.reason).toBe("CT 320 already exists on node 'pve1'");

    const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 321, ostemplate: volid, restore: 1, storage: 'local-lvm', hostname: 'bk-321' });
    expect(upid).toMatch(/:vzrestore:321:/);
    expect(await t.waitTask(upid)).toBe('OK');
    expect(await readFile(rootFile(321, 'root/data.txt'), 'utf8')).toBe('precious\n');
    expect(existsSync(rootFile(321, 'etc/vzdump'))).toBe(false);
    const conf = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/321/config');
    expect(conf).toMatchObject({ hostname: 'bk-321', memory: 768, rootfs: 'local-lvm:vm-321-disk-0,size=4G' });

    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc/320/status/stop'))).toBe('OK');
    await writeFile(rootFile(320, 'root/data.txt'), 'damaged\n');
    const over = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 320, ostemplate: volid, restore: 1, force: 1, storage: 'local-lvm' });
    expect(await t.waitTask(over)).toBe('OK');
    expect(await readFile(rootFile(320, 'root/data.txt'), 'utf8')).toBe('precious\n');
    expect((await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/320/config'))['hostname']).toBe('bk-320');
  });

  it('restores with new resources: given disks replace the backed-up ones, given keys override, unique gives new MACs', async () => {
    const create = await t.api.data<string>('POST', '/nodes/pve1/lxc', {
      vmid: 330,
      ostemplate: TEMPLATE,
      rootfs: 'local-lvm:4',
      mp0: 'local-lvm:1,mp=/data',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
      hostname: 'bk-330',
    });
    expect(await t.waitTask(create)).toBe('OK');
    expect(await t.waitTask(await vzdump({ vmid: 330 }))).toBe('OK');
    const [b] = await backups(330);
    const mac = (c: Record<string, unknown>) => /hwaddr=([0-9A-F:]+)/i.exec(String(c['net0']))?.[1];
    const original = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/330/config');

    const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 331, ostemplate: b?.volid, restore: 1, unique: 1, storage: 'local-lvm', rootfs: '6', memory: 1024, cores: 2 });
    expect(await t.waitTask(upid)).toBe('OK');
    const conf = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/331/config');
    expect(conf).toMatchObject({ hostname: 'bk-330', memory: 1024, cores: 2, rootfs: 'local-lvm:vm-331-disk-0,size=6G' });
    expect(conf['mp0']).toBeUndefined();
    expect(mac(conf)).toBeDefined();
    expect(mac(conf)).not.toBe(mac(original));

    // Without unique the MAC is the backed-up one; without given disks the backed-up mount point comes back.
    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 332, ostemplate: b?.volid, restore: 1, storage: 'local-lvm' }))).toBe('OK');
    const same = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/332/config');
    expect(mac(same)).toBe(mac(original));
    expect(String(same['mp0'])).toMatch(/^local-lvm:vm-332-disk-\d+,mp=\/data,size=1G$/);

    const noRoot = await t.api.post('/nodes/pve1/lxc', { vmid: 333, ostemplate: b?.volid, restore: 1, storage: 'local-lvm', mp0: 'local-lvm:1,mp=/data' });
    expect([noRoot.status, noRoot.reason]).toEqual([500, "mount points configured, but 'rootfs' not set - aborting"]);
  });

  it('destroying a container (purge, unreferenced disks) keeps its backups, which restore it', async () => {
    const [b] = await backups(321);
    expect(b).toBeUndefined();
    const vz = await t.api.data<string>('POST', '/nodes/pve1/vzdump', { vmid: '321', storage: 'local', compress: 'zstd' });
    expect(await t.waitTask(vz)).toBe('OK');
    const [archive] = await backups(321);
    const del = await t.api.data<string>('DELETE', '/nodes/pve1/lxc/321', { purge: 1, 'destroy-unreferenced-disks': 1 });
    expect(await t.waitTask(del)).toBe('OK');
    expect((await backups(321)).map((v) => v.volid)).toEqual([archive?.volid]);
    const back = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 321, ostemplate: archive?.volid, restore: 1, storage: 'local-lvm' });
    expect(await t.waitTask(back)).toBe('OK');
    expect(await readFile(rootFile(321, 'root/data.txt'), 'utf8')).toBe('precious\n');
  });

  it('prunes with prune-backups: keep-last=2 over three runs leaves two archives', async () => {
    for (let i = 0; i < 3; i++) {
      // archive names carry the second: runs in the same second would share a name
      if (i > 0) await sleep(1100);
      expect(await t.waitTask(await vzdump({ vmid: 321, mode: 'stop', 'prune-backups': 'keep-last=2' }))).toBe('OK');
    }
    expect((await backups(321)).length).toBe(2);
  });

  it('deletes a backup with its companions; a protected one is kept', async () => {
    expect(await t.waitTask(await vzdump({ vmid: 320, protected: 1 }))).toBe('OK');
    const list = await backups(320);
    const prot = list.find((x) => x.protected === 1);
    expect(prot).toBeDefined();
    const refused = await t.api.data<string>('DELETE', `/nodes/pve1/storage/local/content/${prot?.volid ?? ''}`);
    expect(await t.waitTask(refused)).toBe(`cannot remove protected volume '${prot?.volid ?? ''}' on storage 'local'`);

    const plain = list.find((x) => x.protected !== 1);
    const file = join(dumpDir(), (plain?.volid ?? '').replace('local:backup/', ''));
    expect(await t.waitTask(await t.api.data<string>('DELETE', `/nodes/pve1/storage/local/content/${plain?.volid ?? ''}`))).toBe('OK');
    expect(existsSync(file) || existsSync(`${file}.notes`)).toBe(false);
    expect((await backups(320)).map((x) => x.volid)).toEqual([prot?.volid]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returnsViolations } from './helpers/returns';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

/** `.../storage/{storage}/content/{volume}`: volume ids contain a slash, and PVE routes them whole. */
let t: TestSim;
const CONTENT = '/nodes/pve1/storage/local/content';
const ISO = 'local:iso/netinst.iso';

beforeAll(async () => {
  t = await startTestSim({
    tokens: [{ id: 'kiln@pve!kiln' }, { id: 'root@pam!all', privsep: false }, { id: 'ro@pve!audit', privileges: { '/': ['VM.Audit', 'Sys.Audit'] } }],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('volume attributes', () => {
  it('GET takes the volume id with a raw slash or %2F, or a bare volume name', async () => {
    const raw = await t.api.get(`${CONTENT}/${TEMPLATE}`);
    expect(raw.status, raw.reason).toBe(200);
    const data = raw.body?.data as Record<string, unknown>;
    expect(data).toEqual({ path: '/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst', size: expect.any(Number), used: expect.any(Number), format: 'raw' });
    expect(data['used']).toBeGreaterThanOrEqual(data['size'] as number);
    expect(returnsViolations('GET', '/nodes/{node}/storage/{storage}/content/{volume}', data)).toEqual([]);
    expect((await t.api.get(`${CONTENT}/${encodeURIComponent(TEMPLATE)}`)).body?.data).toEqual(data);
    expect((await t.api.get(`${CONTENT}/vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`)).body?.data).toEqual(data);
  });

  it('a container disk on lvmthin: its device path, used 0', async () => {
    expect(await t.waitTask(await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:2' }))).toBe('OK');
    const disk = await t.api.data('GET', '/nodes/pve1/storage/local-lvm/content/local-lvm:vm-300-disk-0');
    expect(disk).toEqual({ path: '/dev/pve/vm-300-disk-0', size: 2 * 1024 ** 3, used: 0, format: 'raw' });
  });

  it('fails like PVE: storage mismatch (400), unparsable name, missing file, missing privilege', async () => {
    const mismatch = await t.api.get(`/nodes/pve1/storage/local-lvm/content/${TEMPLATE}`);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body?.errors).toEqual({ volume: 'storage ID mismatch (local != local-lvm)\n' });
    const bad = await t.api.get(`${CONTENT}/local:vztmpl/notes.txt`);
    expect([bad.status, bad.reason]).toEqual([500, "unable to parse directory volume name 'vztmpl/notes.txt'"]);
    const missing = await t.api.get(`${CONTENT}/${ISO}`);
    expect([missing.status, missing.body?.message]).toEqual([500, `volume_size_info on '${ISO}' failed - no format\n`]);
    const ro = await t.client(2).get(`${CONTENT}/${TEMPLATE}`);
    expect([ro.status, ro.reason]).toEqual([403, 'Permission check failed (/storage/local, Datastore.AllocateSpace|Datastore.Audit)']);
  });
});

describe('volume deletion', () => {
  it('needs Datastore.Allocate, then runs an imgdel task that removes the volume', async () => {
    const refused = await t.api.del(`${CONTENT}/${TEMPLATE}`);
    expect([refused.status, refused.reason]).toEqual([403, 'Permission check failed (/storage/local, Datastore.Allocate)']);
    const admin = t.client(1);
    const upid = await admin.data<string>('DELETE', `${CONTENT}/${encodeURIComponent(TEMPLATE)}`);
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:imgdel:local:root@pam!all:$/);
    expect(await t.waitTask(upid)).toBe('OK');
    const log = await admin.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`);
    expect(log.map((l) => l.t)).toEqual([`Removed volume '${TEMPLATE}'`, 'TASK OK']);
    const left = await admin.data<Array<{ volid: string }>>('GET', CONTENT, { content: 'vztmpl' });
    expect(left.map((v) => v.volid)).not.toContain(TEMPLATE);
    expect((await admin.get(`${CONTENT}/${TEMPLATE}`)).status).toBe(500);
  });

  it('a file already gone ends with a warning; `delay` waits and answers null; lvmthin names its owner', async () => {
    const admin = t.client(1);
    const upid = await admin.data<string>('DELETE', `${CONTENT}/${ISO}`);
    expect(await t.waitTask(upid)).toBe('WARNINGS: 1');
    const log = await admin.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`);
    expect(log.map((l) => l.t)).toEqual(["WARN: disk image '/var/lib/vz/template/iso/netinst.iso' does not exist", `Removed volume '${ISO}'`, 'TASK WARNINGS: 1']);
    expect((await admin.del(`${CONTENT}/${ISO}`, { delay: 5 })).body).toEqual({ data: null });

    await t.api.data<string>('POST', '/nodes/pve1/storage/local-lvm/content', { vmid: 301, filename: 'vm-301-disk-5', size: '1G' });
    const lv = await admin.data<string>('DELETE', '/nodes/pve1/storage/local-lvm/content/vm-301-disk-5');
    expect(lv).toContain(':imgdel:301@local-lvm:');
    expect(await t.waitTask(lv)).toBe('OK');
    const gone = await admin.del('/nodes/pve1/storage/local-lvm/content/vm-301-disk-5', { delay: 5 });
    expect([gone.status, gone.body?.message]).toEqual([500, `lvremove 'pve/vm-301-disk-5' error:   Failed to find logical volume "pve/vm-301-disk-5"\n`]);
  });
});

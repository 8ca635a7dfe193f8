import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { startTestRegistry, type TestRegistry } from '../src/testing';
import { returnsViolations } from './helpers/returns';
import { startTestSim, type TestSim } from './helpers/sim';

let t: TestSim;
let registry: TestRegistry;

beforeAll(async () => {
  registry = await startTestRegistry();
  t = await startTestSim({
    nodes: ['pve1'],
    tokens: [
      { id: 'admin@pve!all', privileges: { '/': ['Datastore.Allocate', 'Datastore.AllocateTemplate', 'Datastore.Audit', 'Sys.AccessNetwork', 'Sys.Audit'] } },
      { id: 'kiln@pve!kiln', privileges: { '/': [...KILN_ROLE] } },
      { id: 'tmpl@pve!nonet', privileges: { '/': ['Datastore.AllocateTemplate', 'Datastore.Audit', 'Sys.Audit'] } },
    ],
  });
});
afterAll(async () => {
  await t?.close();
  await registry?.close();
});

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

interface Content {
  volid: string;
  format: string;
  size: number;
  ctime: number;
  content: string;
}
const templates = () => t.api.data<Content[]>('GET', '/nodes/pve1/storage/local/content', { content: 'vztmpl' });
const taskLog = async (upid: string) => (await t.api.data<Array<{ n: number; t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 500 })).map((l) => l.t);

describe('GET .../storage/{storage}/content?content=vztmpl', () => {
  it('lists the preloaded images with their format, size and ctime, matching the returns schema', async () => {
    const list = await templates();
    expect(returnsViolations('GET', '/nodes/{node}/storage/{storage}/content', list)).toEqual([]);
    const debian = list.find((c) => c.volid === 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst');
    expect(debian).toMatchObject({ content: 'vztmpl', format: 'tzst', size: 126_380_000 });
    expect(list.find((c) => c.volid.endsWith('.tar.xz'))?.format).toBe('txz');
    expect(debian?.ctime).toBeGreaterThan(1_700_000_000);
  });
});

describe('POST .../storage/{storage}/oci-registry-pull', () => {
  it('pulls an image over the OCI distribution API into <storage>:vztmpl/<name>.tar, with a skopeo-like task log', async () => {
    registry.addImage('library/alpine', '3.22', { layerBytes: 4096 });
    const upid = await t.api.data<string>('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: `${registry.host}/library/alpine:3.22` });
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:download:alpine_3\.22\.tar:admin@pve!all:$/);
    expect(await t.waitTask(upid)).toBe('OK');
    const log = await taskLog(upid);
    expect(log).toContain('Getting image source signatures');
    expect(log.filter((l) => /^Copying blob sha256:[0-9a-f]{64}$/.test(l))).toHaveLength(1);
    expect(log.some((l) => /^Copying config sha256:[0-9a-f]{64}$/.test(l))).toBe(true);
    expect(log).toContain('Writing manifest to image destination');
    expect(log.at(-1)).toBe('TASK OK');
    expect(registry.requests).toContain('GET /v2/library/alpine/manifests/3.22');

    const vol = (await templates()).find((c) => c.volid === 'local:vztmpl/alpine_3.22.tar');
    expect(vol).toMatchObject({ format: 'tar', content: 'vztmpl' });
    // a real oci-archive on disk: the layer is in it
    const file = join(t.dataDir, 'storage', 'pve1', 'local', 'vztmpl', 'alpine_3.22.tar');
    const archive = readFileSync(file);
    expect(vol?.size).toBe(archive.length);
    expect(archive.subarray(257, 262).toString()).toBe('ustar');
    expect(archive.toString('latin1')).toContain('oci-layout');
  });

  it('resolves an image index to the amd64 manifest and honours a custom file name (normalized)', async () => {
    registry.addImage('tools/busybox', 'stable', { asIndex: true });
    const upid = await t.api.data<string>('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: `${registry.host}/tools/busybox:stable`, filename: 'my box' });
    expect(await t.waitTask(upid)).toBe('OK');
    expect((await templates()).map((c) => c.volid)).toContain('local:vztmpl/my_box.tar');
  });

  it('an unknown tag fails the task with the registry answer in the log', async () => {
    const upid = await t.api.data<string>('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: `${registry.host}/library/alpine:nope` });
    const status = await t.waitTask(upid);
    expect(status).toMatch(/^command '\/usr\/bin\/skopeo copy .*docker:\/\/127\.0\.0\.1:\d+\/library\/alpine:nope .*' failed: exit code 1$/);
    const log = await taskLog(upid);
    expect(log.some((l) => l.includes(`reading manifest nope in ${registry.host}/library/alpine: manifest unknown`))).toBe(true);
    expect((await templates()).map((c) => c.volid)).not.toContain('local:vztmpl/alpine_nope.tar');
  });

  it('an unreachable registry fails the task with the dial error', async () => {
    const port = await freePort();
    const upid = await t.api.data<string>('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: `127.0.0.1:${port}/library/alpine:3.22` });
    expect(await t.waitTask(upid)).toMatch(/failed: exit code 1$/);
    const log = await taskLog(upid);
    expect(log.some((l) => l.includes(`pinging container registry 127.0.0.1:${port}`) && l.includes(`dial tcp 127.0.0.1:${port}: connect: connection refused`))).toBe(true);
  });

  it('a blob whose digest does not match fails the pull', async () => {
    const img = registry.addImage('library/broken', '1');
    const manifest = JSON.parse(await fetch(`http://${registry.host}/v2/library/broken/manifests/1`).then((r) => r.text())) as { layers: Array<{ digest: string }> };
    expect(img.digest).toMatch(/^sha256:/);
    registry.corruptBlob(manifest.layers[0]?.digest ?? '');
    const upid = await t.api.data<string>('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: `${registry.host}/library/broken:1` });
    expect(await t.waitTask(upid)).toMatch(/failed: exit code 1$/);
    expect((await taskLog(upid)).some((l) => l.includes('Digest did not match'))).toBe(true);
  });

  it('validates the reference against the schema pattern (400, per parameter)', async () => {
    const res = await t.api.call('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: 'Alpine' });
    expect(res.status).toBe(400);
    expect(res.body?.errors?.['reference']).toMatch(/^value does not match the regex pattern/);
  });

  it('needs Datastore.AllocateTemplate on the storage and Sys.AccessNetwork on the node', async () => {
    const kiln = await t.client(1).call('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: `${registry.host}/library/alpine:3.22` });
    expect(kiln.status).toBe(403);
    expect(kiln.reason).toBe('Permission check failed (/nodes/pve1, Sys.AccessNetwork)');
    const nonet = await t.client(2).call('POST', '/nodes/pve1/storage/local/oci-registry-pull', { reference: `${registry.host}/library/alpine:3.22` });
    expect(nonet.status).toBe(403);
  });

  it('refuses a storage that is not file based', async () => {
    const res = await t.api.call('POST', '/nodes/pve1/storage/local-lvm/oci-registry-pull', { reference: `${registry.host}/library/alpine:3.22` });
    expect(res.status).toBe(500);
    expect(res.reason).toBe("can't upload to storage type 'lvmthin', not a file based storage!");
  });
});

describe('DELETE .../storage/{storage}/content/{volume} of a container template', () => {
  it('needs Datastore.Allocate (Kiln’s least-privilege role lacks it)', async () => {
    const res = await t.client(1).call('DELETE', '/nodes/pve1/storage/local/content/local:vztmpl/fedora-42-default_20250428_amd64.tar.xz');
    expect(res.status).toBe(403);
    expect(res.reason).toBe('Permission check failed (/storage/local, Datastore.Allocate)');
  });

  it('runs an imgdel task that removes the volume and its file', async () => {
    const file = join(t.dataDir, 'storage', 'pve1', 'local', 'vztmpl', 'alpine_3.22.tar');
    expect(existsSync(file)).toBe(true);
    const upid = await t.api.data<string>('DELETE', '/nodes/pve1/storage/local/content/local:vztmpl/alpine_3.22.tar');
    expect(upid).toMatch(/:imgdel:local:admin@pve!all:$/);
    expect(await t.waitTask(upid)).toBe('OK');
    expect(await taskLog(upid)).toContain("Removed volume 'local:vztmpl/alpine_3.22.tar'");
    expect((await templates()).map((c) => c.volid)).not.toContain('local:vztmpl/alpine_3.22.tar');
    expect(existsSync(file)).toBe(false);
  });
});

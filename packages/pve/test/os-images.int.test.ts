import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KILN_ROLE, startSimulator } from '@kiln/pve-sim';
import { startTestRegistry, type TestRegistry } from '@kiln/pve-sim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCI_REFERENCE_PATTERN, PveClient } from '../src';
import { caught } from './helpers/caught';

/** Contract tests of the OS image methods: vztmpl listing, appliance download, OCI pull, deletion. */
let sim: Awaited<ReturnType<typeof startSimulator>>;
let dataDir: string;
let registry: TestRegistry;
let client: PveClient;
let kiln: PveClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kiln-pve-images-'));
  registry = await startTestRegistry();
  sim = await startSimulator({
    dataDir,
    apiPort: 0,
    sshPort: 0,
    ssh: false,
    nodes: ['pve1'],
    taskDurationMs: 80,
    authFailureDelayMs: 50,
    tokens: [
      { id: 'kiln@pve!images', privileges: { '/': [...KILN_ROLE, 'Datastore.Allocate', 'Sys.AccessNetwork'] } },
      { id: 'kiln@pve!kiln', privileges: { '/': [...KILN_ROLE] } },
    ],
  });
  const make = (i: number): PveClient => new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[i]!.header, fingerprint: sim.tlsFingerprint, retry: { maxAttempts: 1 } });
  client = make(0);
  kiln = make(1);
});
afterAll(async () => {
  await sim?.close();
  await registry?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('OS images', () => {
  it('pullOciImage pulls into <storage>:vztmpl/<name>.tar and storageContent lists it with its size', async () => {
    registry.addImage('library/nginx', '1.27-alpine', { layerBytes: 3000 });
    const upid = await client.pullOciImage('pve1', 'local', `${registry.host}/library/nginx:1.27-alpine`);
    expect((await client.waitForTask(upid, { pollInterval: 30 })).exitstatus).toBe('OK');
    const items = await client.storageContent('pve1', 'local', { content: 'vztmpl' });
    const pulled = items.find((i) => i.volid === 'local:vztmpl/nginx_1.27-alpine.tar');
    expect(pulled?.format).toBe('tar');
    expect(pulled?.size).toBeGreaterThan(3000);
    expect(typeof pulled?.ctime).toBe('number');
  });

  it('a failed pull surfaces as task-failed with the registry answer in the log tail', async () => {
    const upid = await client.pullOciImage('pve1', 'local', `${registry.host}/library/nginx:missing`);
    const e = await caught(client.waitForTask(upid, { pollInterval: 30 }));
    expect(e.kind).toBe('task-failed');
    expect(e.task?.logTail.join('\n')).toContain('manifest unknown');
  });

  it('without Sys.AccessNetwork the pull is a permission error naming it', async () => {
    const e = await caught(kiln.pullOciImage('pve1', 'local', `${registry.host}/library/nginx:1.27-alpine`));
    expect(e.kind).toBe('permission');
    expect(e.privilege).toBe('Sys.AccessNetwork');
  });

  it('deleteVolume removes an image (imgdel task); Kiln’s plain role lacks Datastore.Allocate', async () => {
    const denied = await caught(kiln.deleteVolume('pve1', 'local', 'local:vztmpl/nginx_1.27-alpine.tar'));
    expect(denied.kind).toBe('permission');
    expect(denied.privilege).toBe('Datastore.Allocate');
    const upid = await client.deleteVolume('pve1', 'local', 'local:vztmpl/nginx_1.27-alpine.tar');
    expect((await client.waitForTask(upid, { pollInterval: 30 })).exitstatus).toBe('OK');
    expect((await client.storageContent('pve1', 'local', { content: 'vztmpl' })).map((i) => i.volid)).not.toContain('local:vztmpl/nginx_1.27-alpine.tar');
  });

  it('OCI_REFERENCE_PATTERN is PVE’s: a tag is required, names are lowercase', () => {
    expect(OCI_REFERENCE_PATTERN.test('docker.io/library/alpine:3.22')).toBe(true);
    expect(OCI_REFERENCE_PATTERN.test('alpine:latest')).toBe(true);
    expect(OCI_REFERENCE_PATTERN.test('localhost:5000/team/app:v1.2')).toBe(true);
    expect(OCI_REFERENCE_PATTERN.test('alpine')).toBe(false);
    expect(OCI_REFERENCE_PATTERN.test('Alpine:3')).toBe(false);
    expect(OCI_REFERENCE_PATTERN.test('alpine:3 ; rm -rf /')).toBe(false);
  });
});

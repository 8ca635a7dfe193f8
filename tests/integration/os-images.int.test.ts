/**
 * OS images through Kiln: the page per node lists each storage's container templates with what
 * uses them; Download from the appliance index, Pull OCI image (from a real local registry) and
 * Delete run as operations in the worker; a used image is refused with the containers that use
 * it; viewers, operators, strangers and a token without the optional privileges each get their
 * clear answer.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { KILN_ROLE } from '@kiln/pve-sim';
import { startTestRegistry, type TestRegistry } from '../helpers/oci-registry';
import { runAction } from '../helpers/operations';
import { creationRequest, creationService, templateId, waitForLifecycle } from '../helpers/provisioning';
import { simNodeForm } from '../helpers/sim';
import { closeSim, signedIn, startSim, type Owner } from './containers-fixture';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let registry: TestRegistry;
let a: Owner;
let weak: Owner;
type Client = Awaited<ReturnType<typeof signedIn>>;
let viewer: Client;
let operator: Client;
let stranger: Client;

const DEBIAN_12 = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

async function register(tokenIndex: number, name: string): Promise<Owner> {
  const { user, web } = await signedIn(webUrl);
  const token = sim.tokens[tokenIndex]!;
  const res = await web.action<{ saved: boolean; nodeId: string }>('saveNodeAction', simNodeForm(sim, { name, tokenId: token.id, tokenSecret: token.secret, trustFingerprint: sim.tlsFingerprint }));
  expect(res.data?.saved, res.raw.slice(0, 300)).toBe(true);
  return { user, web, nodeId: res.data!.nodeId };
}

const volids = async () => (await pve.storageContent('pve1', 'local', { content: 'vztmpl' })).map((i) => i.volid);

beforeAll(async () => {
  registry = await startTestRegistry();
  ({ sim, pve } = await startSim({
    seed: 1,
    kilnPrivileges: { '/': [...KILN_ROLE, 'Datastore.Allocate', 'Sys.AccessNetwork'] },
    tokens: [{ id: 'base@pve!kiln', privileges: { '/': [...KILN_ROLE] } }],
  }));
  a = await register(0, 'images-a');
  weak = await register(2, 'images-weak');
  [viewer, operator, stranger] = await Promise.all([signedIn(webUrl), signedIn(webUrl), signedIn(webUrl)]);
  for (const [who, role] of [
    [viewer, 'viewer'],
    [operator, 'operator'],
  ] as const) {
    const r = await a.web.action('shareNodeAction', { nodeId: a.nodeId, username: who.user.username, role });
    expect(r.data).toEqual({ ok: true });
  }
  await templateId('base'); // the built-in templates, whose OS the page names
});

afterAll(async () => {
  await closeSim({ sim, pve });
  await registry?.close();
});

describe('the OS images page', () => {
  it('lists each storage’s images with format, size and the templates they serve', async () => {
    const page = await a.web.page(`/settings/nodes/${a.nodeId}/images`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="image-storage-local"');
    expect(page.html).toContain(`data-volid="${DEBIAN_12}"`);
    expect(page.html).toContain('debian-12-standard_12.7-1_amd64.tar.zst');
    expect(page.html).toContain('tzst');
    expect(page.html).toContain('121 MiB');
    // the built-in Debian 12 templates use it
    expect(page.html).toMatch(/templates:.*Debian 12 base/s);
    // local-lvm holds no templates: it is not listed
    expect(page.html).not.toContain('data-testid="image-storage-local-lvm"');
    expect(page.html).toContain('Pull OCI image');
  });

  it('a viewer sees the page read-only; a stranger gets a 404', async () => {
    const page = await viewer.web.page(`/settings/nodes/${a.nodeId}/images`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('shared with you read-only');
    expect(page.html).toContain('debian-12-standard_12.7-1_amd64.tar.zst');
    expect(page.html).not.toContain('Download…');
    expect((await stranger.web.page(`/settings/nodes/${a.nodeId}/images`)).status).toBe(404);
  });
});

describe('downloads from the appliance index', () => {
  it('the index is offered with sections', async () => {
    const r = await a.web.action<Array<{ template: string; section: string }>>('applianceIndexAction', { nodeId: a.nodeId });
    expect(r.data?.map((e) => e.template)).toContain('debian-13-standard_13.1-2_amd64.tar.zst');
    expect(new Set(r.data?.map((e) => e.section))).toContain('system');
  });

  it('downloads an image as an operation followed to its end; the page then lists it', async () => {
    const r = await runAction(a.web, 'downloadImageAction', { nodeId: a.nodeId, storage: 'local', template: 'debian-13-standard_13.1-2_amd64.tar.zst' });
    expect(r.data?.ok, r.raw.slice(0, 300)).toBe(true);
    expect(r.data?.message).toBe('Downloaded debian-13-standard_13.1-2_amd64.tar.zst to local on pve1.');
    expect(r.data?.log.join('\n')).toContain('calculating checksum...OK, checksum verified');
    expect(await volids()).toContain('local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst');
    const page = await a.web.page(`/settings/nodes/${a.nodeId}/images`);
    expect(page.html).toContain('data-volid="local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst"');
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: r.data!.operationId } });
    expect(op).toMatchObject({ kind: 'image.download', nodeId: a.nodeId, state: 'succeeded' });
    expect(op.upids[0]).toMatch(/:download:debian-13-standard_13\.1-2_amd64\.tar\.zst:kiln@pve!kiln:$/);
  });

  it('refuses what is already there, what the index does not have, and a viewer; an operator may', async () => {
    const again = await a.web.action('downloadImageAction', { nodeId: a.nodeId, storage: 'local', template: 'debian-13-standard_13.1-2_amd64.tar.zst' });
    expect(again.serverError?.message).toBe('debian-13-standard_13.1-2_amd64.tar.zst is already on local.');
    const unknown = await a.web.action('downloadImageAction', { nodeId: a.nodeId, storage: 'local', template: 'nothing-1-standard_1_amd64.tar.zst' });
    expect(unknown.serverError?.message).toMatch(/not found/i);
    const lvm = await a.web.action('downloadImageAction', { nodeId: a.nodeId, storage: 'local-lvm', template: 'ubuntu-22.04-standard_22.04-1_amd64.tar.zst' });
    expect(lvm.serverError?.message).toBe('Storage local-lvm does not hold container templates on pve1.');
    const byViewer = await viewer.web.action('downloadImageAction', { nodeId: a.nodeId, storage: 'local', template: 'ubuntu-22.04-standard_22.04-1_amd64.tar.zst' });
    expect(byViewer.serverError?.message).toBe('This node is shared with you read-only: ask its owner for operator access to do that.');
    const byStranger = await stranger.web.action('downloadImageAction', { nodeId: a.nodeId, storage: 'local', template: 'ubuntu-22.04-standard_22.04-1_amd64.tar.zst' });
    expect(byStranger.serverError?.code).toBe('NOT_FOUND');
    const byOperator = await runAction(operator.web, 'downloadImageAction', { nodeId: a.nodeId, storage: 'local', template: 'ubuntu-22.04-standard_22.04-1_amd64.tar.zst' });
    expect(byOperator.data?.ok, byOperator.raw.slice(0, 300)).toBe(true);
  });
});

describe('pulling OCI images (PVE 9.1)', () => {
  it('pulls from a registry into local:vztmpl/<name>.tar', async () => {
    registry.addImage('library/alpine', '3.22');
    const r = await runAction(operator.web, 'pullImageAction', { nodeId: a.nodeId, storage: 'local', reference: `${registry.host}/library/alpine:3.22` });
    expect(r.data?.ok, r.raw.slice(0, 300)).toBe(true);
    expect(r.data?.message).toBe(`Pulled ${registry.host}/library/alpine:3.22 to local:vztmpl/alpine_3.22.tar on pve1.`);
    expect(r.data?.log).toContain('Writing manifest to image destination');
    expect(registry.requests).toContain('GET /v2/library/alpine/manifests/3.22');
    expect(await volids()).toContain('local:vztmpl/alpine_3.22.tar');
    expect((await a.web.page(`/settings/nodes/${a.nodeId}/images`)).html).toContain('OCI image');
  });

  it('a reference PVE would refuse is refused at the field, before anything is queued', async () => {
    const before = await getDb().operation.count({ where: { nodeId: a.nodeId, kind: 'image.pull' } });
    const r = await a.web.action('pullImageAction', { nodeId: a.nodeId, storage: 'local', reference: 'Alpine' });
    expect(r.serverError?.fieldErrors?.['reference']).toMatch(/^Enter an image reference with a tag/);
    expect(await getDb().operation.count({ where: { nodeId: a.nodeId, kind: 'image.pull' } })).toBe(before);
  });

  it('an unknown tag fails with the registry’s answer', async () => {
    const r = await runAction(a.web, 'pullImageAction', { nodeId: a.nodeId, storage: 'local', reference: `${registry.host}/library/alpine:9.99` });
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toBe(
      `The pull of ${registry.host}/library/alpine:9.99 failed: initializing source docker://${registry.host}/library/alpine:9.99: reading manifest 9.99 in ${registry.host}/library/alpine: manifest unknown`,
    );
    expect(await volids()).not.toContain('local:vztmpl/alpine_9.99.tar');
  });

  it('a token without Sys.AccessNetwork is told what to grant, and PVE is never asked to pull', async () => {
    registry.addImage('library/busybox', '1.37');
    const pulls = sim.requestLog.count({ method: 'POST', path: /oci-registry-pull$/ });
    const r = await runAction(weak.web, 'pullImageAction', { nodeId: weak.nodeId, storage: 'local', reference: `${registry.host}/library/busybox:1.37` });
    expect(r.raw).not.toContain('serverError');
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toContain('lacks Sys.AccessNetwork on /nodes/pve1');
    expect(r.data?.message).toContain('pveum');
    expect(sim.requestLog.count({ method: 'POST', path: /oci-registry-pull$/ })).toBe(pulls);
    expect(await volids()).not.toContain('local:vztmpl/busybox_1.37.tar');
  });
});

describe('deleting images', () => {
  it('deletes an unused image (owner only; operators are refused)', async () => {
    const byOperator = await operator.web.action('deleteImageAction', { nodeId: a.nodeId, storage: 'local', volid: 'local:vztmpl/alpine_3.22.tar' });
    expect(byOperator.serverError?.message).toBe('Only the owner of this node can do that.');
    const r = await runAction(a.web, 'deleteImageAction', { nodeId: a.nodeId, storage: 'local', volid: 'local:vztmpl/alpine_3.22.tar' });
    expect(r.data?.ok, r.raw.slice(0, 300)).toBe(true);
    expect(r.data?.message).toBe('Deleted local:vztmpl/alpine_3.22.tar on pve1.');
    expect(await volids()).not.toContain('local:vztmpl/alpine_3.22.tar');
    const audit = await getDb().auditEvent.findFirst({ where: { userId: a.user.id, action: 'image.delete' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ outcome: 'success', targetType: 'node', targetId: a.nodeId });
  });

  it('a token without Datastore.Allocate is told so before anything runs', async () => {
    const r = await runAction(weak.web, 'deleteImageAction', { nodeId: weak.nodeId, storage: 'local', volid: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst' });
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toContain('lacks Datastore.Allocate on /storage/local');
    expect(await volids()).toContain('local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst');
  });

  it('refuses an image a Kiln container was created from, naming the container', async () => {
    const res = await creationService().create(a.user, creationRequest(a.nodeId, await templateId('nginx-static'), { hostname: 'made-from-debian' }));
    expect(await waitForLifecycle(res.containerId)).toBe('ready');
    const container = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId } });
    const r = await a.web.action('deleteImageAction', { nodeId: a.nodeId, storage: 'local', volid: DEBIAN_12 });
    expect(r.serverError?.message).toBe(`In use: Kiln created container made-from-debian (${container.vmid}) from this image. Delete it first.`);
    expect(await volids()).toContain(DEBIAN_12);
    const page = await a.web.page(`/settings/nodes/${a.nodeId}/images`);
    expect(page.html).toContain(`made-from-debian (${container.vmid})`);
  });
});

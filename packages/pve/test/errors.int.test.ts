import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimHarness, type SimHarness } from './helpers/sim';
import { caught } from './helpers/caught';

let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('error kinds over real sockets', () => {
  it('401 auth: a wrong secret is rejected, the secret never shows', async () => {
    const secret = '00000000-dead-beef-0000-000000000000';
    const bad = h.clientFor({ token: `kiln@pve!kiln=${secret}` });
    const e = await caught(bad.version());
    expect(e).toMatchObject({ kind: 'auth', status: 401 });
    expect(e.userMessage).toBe('The API token was rejected (401). Check the token id and secret.');
    expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain(secret);
  });

  it('403 permission: a token without VM.Allocate is told which privilege on which path', async () => {
    const storages = await h.client.storages('pve1');
    const template = (await h.client.storageContent('pve1', storages.find((s) => s.content.includes('vztmpl'))!.storage, { content: 'vztmpl' }))[0]!.volid;
    const vmid = await h.client.nextId();
    const e = await caught(h.weak.lxcCreate('pve1', { vmid, ostemplate: template, rootfs: { storage: storages.find((s) => s.content.includes('rootdir'))!.storage, sizeGiB: 2 } }));
    expect(e).toMatchObject({ kind: 'permission', status: 403, privilege: 'VM.Allocate' });
    expect(e.aclPath).toMatch(/^\/vms/);
    expect(e.userMessage).toContain('VM.Allocate');
  });

  it('not-found: a missing container config, an unknown node', async () => {
    const e = await caught(h.client.lxcConfig('pve1', 999_999_000));
    expect(e.kind).toBe('not-found');
    expect(e.message).toMatch(/does not exist/);
    const node = await caught(h.client.lxcList('pve9'));
    expect(node).toMatchObject({ kind: 'not-found', status: 500 });
  });

  it('permission: root-only config over a token is refused as a permission error', async () => {
    const [ct] = await h.client.lxcList('pve1');
    const e = await caught(h.client.lxcSetConfig('pve1', ct!.vmid, { features: { nesting: true, keyctl: true } }));
    expect(e).toMatchObject({ kind: 'permission', status: 403 });
    expect(e.message).toMatch(/root@pam/);
  });

  it('server: an injected 500 is reported with its message and not retried', async () => {
    const retrying = h.clientFor({ retry: { maxAttempts: 3, baseDelayMs: 10 } });
    h.sim.injectFailure({ path: '/nodes/pve1/status', status: 500, message: 'simulated pvestatd hiccup' });
    const before = h.sim.requestLog.count({ path: '/nodes/pve1/status' });
    const e = await caught(retrying.nodeStatus('pve1'));
    expect(e).toMatchObject({ kind: 'server', status: 500, message: 'simulated pvestatd hiccup' });
    expect(h.sim.requestLog.count({ path: '/nodes/pve1/status' }) - before).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;
const AUTH_DELAY = 120;
const create = (vmid: number, extra: Record<string, unknown> = {}) => ({ vmid, ostemplate: TEMPLATE, rootfs: 'local-lvm:2', ...extra });

beforeAll(async () => {
  t = await startTestSim({
    authFailureDelayMs: AUTH_DELAY,
    seedContainersPerNode: 1,
    tokens: [
      { id: 'kiln@pve!kiln' },
      { id: 'viewer@pve!ro', privileges: { '/': ['VM.Audit', 'Sys.Audit', 'Datastore.Audit'] } },
      { id: 'root@pam!admin', privsep: false },
      // token wants everything, its user only has Kiln's role: privilege separation intersects them
      { id: 'narrow@pve!wide', privileges: { '/': ['VM.Allocate', 'VM.Audit', 'Sys.Modify', 'Datastore.AllocateSpace', 'Datastore.Audit'] }, userPrivileges: { '/': ['VM.Audit', 'Datastore.Audit'] } },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('authentication (401)', () => {
  it('answers 401 with PVE reasons, an empty body, and only after the delay', async () => {
    const started = Date.now();
    const none = await t.api.get('/version', {}, { auth: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(AUTH_DELAY);
    expect(none).toMatchObject({ status: 401, reason: 'No ticket', raw: '' });
    const wrong = await t.api.get('/version', {}, { auth: `PVEAPIToken=kiln@pve!kiln=${'0'.repeat(36)}` });
    expect(wrong).toMatchObject({ status: 401, reason: 'invalid token value!', raw: '' });
    const unknown = await t.api.get('/version', {}, { auth: 'PVEAPIToken=kiln@pve!other=x' });
    expect(unknown.reason).toBe("no such token 'other' for user 'kiln@pve'");
  });

  it('authenticates before routing: unknown paths are 401 without a token', async () => {
    expect((await t.api.get('/no/such', {}, { auth: null })).status).toBe(401);
  });

  it('serves the certificate whose fingerprint it reports', async () => {
    const res = await t.api.get('/version');
    expect(res.peerFingerprint).toBe(t.sim.tlsFingerprint);
    expect(t.sim.tlsFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});

describe('permissions (403)', () => {
  it('names path and privilege for schema checks', async () => {
    const viewer = t.client(1);
    const [ct] = await viewer.data<Array<{ vmid: number }>>('GET', '/nodes/pve1/lxc');
    const res = await viewer.post(`/nodes/pve1/lxc/${ct?.vmid}/status/stop`);
    expect(res.status).toBe(403);
    expect(res.reason).toBe(`Permission check failed (/vms/${ct?.vmid}, VM.PowerMgmt)`);
    expect(res.body).toEqual({ data: null, message: `Permission check failed (/vms/${ct?.vmid}, VM.PowerMgmt)\n` });
    const any = await viewer.put(`/nodes/pve1/lxc/${ct?.vmid}/config`, { memory: 1024 });
    expect(any.reason).toBe(`Permission check failed (/vms/${ct?.vmid}, VM.Config.Disk|VM.Config.CPU|VM.Config.Memory|VM.Config.Network|VM.Config.Options)`);
  });

  it('checks permissions before parameters, like pveproxy', async () => {
    const res = await t.client(1).del('/nodes/pve1/lxc/123', { bogus: 1 });
    expect(res.status).toBe(403);
  });

  it('create without VM.Allocate is a bare permission failure (raise_perm_exc())', async () => {
    const res = await t.client(1).post('/nodes/pve1/lxc', create(500));
    expect(res.status).toBe(403);
    expect(res.reason).toBe('Permission check failed');
  });

  it('intersects privilege-separated tokens with their user', async () => {
    const wide = t.client(3);
    const res = await wide.post('/nodes/pve1/lxc', create(501));
    expect(res.reason).toBe('Permission check failed');
    const perms = await wide.data<Record<string, Record<string, number>>>('GET', '/access/permissions', { path: '/' });
    expect(Object.keys(perms['/'] ?? {}).sort()).toEqual(['Datastore.Audit', 'VM.Audit']);
  });

  it('per-option checks on config changes, with the option privilege named', async () => {
    const limited = await startTestSim({ seedContainersPerNode: 1, tokens: [{ id: 'ops@pve!cpu', privileges: { '/': ['VM.Audit', 'VM.Config.CPU'] } }] });
    try {
      const [ct] = await limited.api.data<Array<{ vmid: number }>>('GET', '/nodes/pve1/lxc');
      expect((await limited.api.put(`/nodes/pve1/lxc/${ct?.vmid}/config`, { cores: 2 })).status).toBe(200);
      const mem = await limited.api.put(`/nodes/pve1/lxc/${ct?.vmid}/config`, { memory: 2048 });
      expect(mem.reason).toBe(`Permission check failed (/vms/${ct?.vmid}, VM.Config.Memory)`);
    } finally {
      await limited.close();
    }
  });

  it('needs SDN.Use on the bridge for network devices', async () => {
    const noSdn = await startTestSim({ tokens: [{ id: 'kiln@pve!nosdn', privileges: { '/': KILN_ROLE.filter((p) => p !== 'SDN.Use') } }] });
    try {
      const res = await noSdn.api.post('/nodes/pve1/lxc', create(502, { net0: 'name=eth0,bridge=vmbr0,ip=dhcp' }));
      expect(res.reason).toBe('Permission check failed (/sdn/zones/localnetwork/vmbr0, SDN.Use)');
      const tagged = await noSdn.api.post('/nodes/pve1/lxc', create(502, { net0: 'name=eth0,bridge=vmbr1,tag=20,ip=dhcp' }));
      expect(tagged.reason).toBe('Permission check failed (/sdn/zones/localnetwork/vmbr1/20, SDN.Use)');
    } finally {
      await noSdn.close();
    }
  });
});

describe('root-only options are refused to every API token', () => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['feature flags other than nesting', { features: 'nesting=1,keyctl=1' }, 403, 'Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)'],
    ['fuse', { features: 'fuse=1' }, 403, 'Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)'],
    ['mount= on an unprivileged CT', { features: 'mount=nfs' }, 403, 'Permission check failed (changing feature flags (except nesting) is only allowed for root@pam)'],
    ['bind mount points', { mp0: '/srv/data,mp=/data' }, 403, 'Permission check failed (mount point type bind is only allowed for root@pam)'],
    ['device passthrough', { dev0: '/dev/net/tun' }, 403, 'Permission check failed (configuring device passthrough is only allowed for root@pam)'],
    ['hookscripts', { hookscript: 'local:snippets/hook.pl' }, 403, 'Permission check failed (changing the hookscript is only allowed for root@pam)'],
    ['raw lxc.* keys', { 'lxc.apparmor.profile': 'unconfined' }, 400, 'Parameter verification failed.'],
  ];

  it.each(cases)('%s', async (_name, extra, status, reason) => {
    for (const client of [t.api, t.client(2)]) {
      const res = await client.post('/nodes/pve1/lxc', create(510, extra));
      expect(res.status).toBe(status);
      expect(res.reason).toBe(reason);
    }
  });

  it('allows nesting, and privileged containers only with Sys.Modify on /', async () => {
    const nesting = await t.api.post('/nodes/pve1/lxc', create(520, { features: 'nesting=1' }));
    expect(nesting.status).toBe(200);
    expect(await t.waitTask(nesting.body?.data as string)).toBe('OK');
    const privileged = await t.api.post('/nodes/pve1/lxc', create(521, { unprivileged: 0 }));
    expect(privileged.reason).toBe('Permission check failed (/, Sys.Modify)');
    const asRootToken = await t.client(2).post('/nodes/pve1/lxc', create(521, { unprivileged: 0 }));
    expect(asRootToken.status).toBe(200);
    expect(await t.waitTask(asRootToken.body?.data as string)).toBe('OK');
    const flags = await t.client(2).put('/nodes/pve1/lxc/521/config', { features: 'nesting=1' });
    expect(flags.reason).toBe('Permission check failed (changing feature flags for privileged container is only allowed for root@pam)');
  });
});

describe('GET /access/permissions', () => {
  it('dumps the token’s own effective privileges', async () => {
    const perms = await t.api.data<Record<string, Record<string, number>>>('GET', '/access/permissions');
    expect(Object.keys(perms['/'] ?? {}).sort()).toEqual([...KILN_ROLE].sort());
  });

  it('needs Sys.Audit on /access for someone else', async () => {
    const res = await t.client(3).get('/access/permissions', { userid: 'viewer@pve!ro' });
    expect(res.reason).toBe('Permission check failed (/access, Sys.Audit)');
    // Sys.Audit on / propagates to /access
    expect((await t.api.get('/access/permissions', { userid: 'viewer@pve!ro' })).status).toBe(200);
    const asRoot = await t.client(2).data<Record<string, Record<string, number>>>('GET', '/access/permissions', { userid: 'viewer@pve!ro', path: '/vms/100' });
    expect(Object.keys(asRoot['/vms/100'] ?? {}).sort()).toEqual(['Datastore.Audit', 'Sys.Audit', 'VM.Audit']);
  });
});

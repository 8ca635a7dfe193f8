import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;
let ct: number;

beforeAll(async () => {
  t = await startTestSim({ nodes: ['pve1', 'pve2'], seedContainersPerNode: 2 });
  ct = (await t.api.data<Array<{ vmid: number }>>('GET', '/nodes/pve1/lxc'))[0]?.vmid ?? 0;
});
afterAll(async () => {
  await t?.close();
});

describe('parameter verification (400)', () => {
  it('reports every bad parameter with PVE wording, message in reason and body', async () => {
    const res = await t.api.post('/nodes/pve1/lxc', {
      vmid: 99,
      ostemplate: TEMPLATE,
      memory: 'lots',
      cores: 9000,
      ostype: 'windows',
      hostname: 'bad_name',
      net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.300/24,colour=red',
      surprise: 1,
    });
    expect(res.status).toBe(400);
    expect(res.reason).toBe('Parameter verification failed.');
    expect(res.body).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: {
        vmid: 'invalid format - value does not look like a valid VM ID\n',
        memory: "type check ('integer') failed - got 'lots'",
        cores: 'value must have a maximum value of 8192',
        ostype: "value 'windows' does not have a value in the enumeration 'debian, devuan, ubuntu, centos, fedora, opensuse, archlinux, alpine, gentoo, nixos, unmanaged'",
        hostname: 'invalid format - value does not look like a valid DNS name\n',
        net0: 'invalid format - invalid key in comma-separated list property: colour\n',
        surprise: 'property is not defined in schema and the schema does not allow additional properties',
      },
    });
  });

  it('checks property-string sub-keys (types, ranges, formats)', async () => {
    const res = await t.api.put(`/nodes/pve1/lxc/${ct}/config`, { net1: 'name=eth1,bridge=vmbr0,tag=5000,firewall=maybe', features: 'nesting=2' });
    expect(res.status).toBe(400);
    expect(res.body?.errors?.['net1']).toMatch(/^invalid format - format error\n/);
    expect(res.body?.errors?.['net1']).toContain('net1.tag: value must have a maximum value of 4094\n');
    expect(res.body?.errors?.['net1']).toContain("net1.firewall: type check ('boolean') failed - got 'maybe'\n");
    expect(res.body?.errors?.['features']).toBe("invalid format - format error\nfeatures.nesting: type check ('boolean') failed - got '2'\n");
  });

  it('accepts JSON bodies with real booleans and numbers', async () => {
    const res = await t.api.put(`/nodes/pve1/lxc/${ct}/config`, { onboot: true, memory: 768, description: 'json' }, { json: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: null });
    const config = await t.api.data<Record<string, unknown>>('GET', `/nodes/pve1/lxc/${ct}/config`);
    expect(config).toMatchObject({ onboot: 1, memory: 768, description: 'json\n' });
  });

  it('reads DELETE parameters from the query string and validates them', async () => {
    const res = await t.api.del(`/nodes/pve1/lxc/${ct}`, { purge: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body?.errors).toEqual({ purge: "type check ('boolean') failed - got 'yes'" });
  });

  it('refuses a parameter conflicting with the URI', async () => {
    const res = await t.api.get(`/nodes/pve1/lxc/${ct}/config?vmid=${ct + 1}`);
    expect(res.status).toBe(400);
    expect(res.body?.errors).toEqual({ vmid: 'duplicate parameter (already defined in URI) with conflicting values!' });
  });

  it('nextid with a taken VMID is a 400 on `vmid`', async () => {
    const res = await t.api.get('/cluster/nextid', { vmid: ct });
    expect(res.status).toBe(400);
    expect(res.body?.errors).toEqual({ vmid: `VM ${ct} already exists` });
    expect(await t.api.data('GET', '/cluster/nextid', { vmid: 4321 })).toBe('4321');
  });
});

describe('business errors (500) and unknown methods (501)', () => {
  it('uses 500 with PVE texts for state errors', async () => {
    const missing = await t.api.get('/nodes/pve1/lxc/999999/config');
    expect(missing.status).toBe(500);
    expect(missing.reason).toBe("Configuration file 'nodes/pve1/lxc/999999.conf' does not exist");
    expect(missing.body).toEqual({ data: null, message: "Configuration file 'nodes/pve1/lxc/999999.conf' does not exist\n" });
    // the config lives on another node
    const elsewhere = await t.api.get(`/nodes/pve2/lxc/${ct}/config`);
    expect(elsewhere.reason).toBe(`Configuration file 'nodes/pve2/lxc/${ct}.conf' does not exist`);
  });

  it('fails the hostname lookup for an unknown node on proxied calls', async () => {
    const res = await t.api.get('/nodes/pve9/lxc');
    expect(res.status).toBe(500);
    expect(res.reason).toMatch(/^hostname lookup 'pve9' failed/);
  });

  it('answers 501 for methods the simulator does not implement and for unknown paths', async () => {
    const unimplemented = await t.api.get('/cluster/ha/groups');
    expect(unimplemented.status).toBe(501);
    expect(unimplemented.reason).toBe("Method 'GET /cluster/ha/groups' not implemented by the Kiln simulator");
    const unknown = await t.api.get('/no/such/path');
    expect(unknown.status).toBe(501);
    expect(unknown.body?.message).toBe("Method 'GET /no/such/path' not implemented");
  });

  it('injects failures for matching requests, `times` at a time', async () => {
    t.sim.injectFailure({ method: 'POST', path: '/nodes/*/lxc', status: 500, message: 'unable to create CT 777 - no space left on device', times: 1 });
    const failed = await t.api.post('/nodes/pve2/lxc', { vmid: 777, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ data: null, message: 'unable to create CT 777 - no space left on device\n' });
    const ok = await t.api.post('/nodes/pve2/lxc', { vmid: 777, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' });
    expect(ok.status).toBe(200);
    expect(await t.waitTask(ok.body?.data as string)).toBe('OK');
  });

  it('counts requests in the request log', async () => {
    t.sim.requestLog.reset();
    await t.api.get('/cluster/resources');
    await t.api.get('/cluster/resources', { type: 'vm' });
    await t.api.get('/version');
    expect(t.sim.requestLog.count({ path: '/cluster/resources' })).toBe(2);
    expect(t.sim.requestLog.count({ method: 'GET', path: /^\/(version|cluster)/ })).toBe(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { startTestSim, type TestSim } from './helpers/sim';

type Dump = Record<string, Record<string, number>>;
let t: TestSim;

beforeAll(async () => {
  t = await startTestSim({
    tokens: [
      { id: 'kiln@pve!kiln' },
      { id: 'ops@pve!ops', privileges: { '/': ['VM.Audit'], '/vms/100': ['VM.Audit', 'VM.PowerMgmt'], '/storage/local-lvm': ['Datastore.Audit'] } },
      { id: 'scoped@pve!one', privileges: { '/vms/100': ['VM.Audit'] } },
      { id: 'root@pam!admin', privsep: false },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

const TOP_LEVEL = ['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'];
const ACL_PATHS = ['/storage/local-lvm', '/vms/100'];
const sorted = (o: Record<string, unknown> | undefined): string[] => Object.keys(o ?? {}).sort();

describe('GET /access/permissions (RPCEnvironment::get_effective_permissions)', () => {
  it('lists the top-level paths and every ACL path in the cluster, with the privileges on each', async () => {
    const dump = await t.api.data<Dump>('GET', '/access/permissions');
    expect(sorted(dump)).toEqual([...TOP_LEVEL, ...ACL_PATHS].sort());
    for (const privs of Object.values(dump)) expect(privs).toEqual(Object.fromEntries([...KILN_ROLE].sort().map((p) => [p, 1])));
  });

  it('applies the most specific ACL entry on each path', async () => {
    const dump = await t.client(1).data<Dump>('GET', '/access/permissions');
    expect(dump['/vms']).toEqual({ 'VM.Audit': 1 });
    expect(dump['/vms/100']).toEqual({ 'VM.Audit': 1, 'VM.PowerMgmt': 1 });
    expect(dump['/storage/local-lvm']).toEqual({ 'Datastore.Audit': 1 });
  });

  it('leaves out paths without any privilege', async () => {
    expect(await t.client(2).data<Dump>('GET', '/access/permissions')).toEqual({ '/vms/100': { 'VM.Audit': 1 } });
  });

  it('with `path`, answers that path only, even when empty', async () => {
    expect(await t.client(2).data<Dump>('GET', '/access/permissions', { path: '/nodes' })).toEqual({ '/nodes': {} });
    expect(await t.client(1).data<Dump>('GET', '/access/permissions', { path: '/vms/100' })).toEqual({ '/vms/100': { 'VM.Audit': 1, 'VM.PowerMgmt': 1 } });
  });

  it('unknown users and tokens simply have no privileges (no error)', async () => {
    const root = t.client(3);
    expect(await root.data<Dump>('GET', '/access/permissions', { userid: 'ghost@pve' })).toEqual({});
    expect(await root.data<Dump>('GET', '/access/permissions', { userid: 'kiln@pve!ghost', path: '/' })).toEqual({ '/': {} });
    const self = await root.data<Dump>('GET', '/access/permissions', { path: '/vms/100' });
    expect(self['/vms/100']?.['Sys.Modify']).toBe(1);
  });
});

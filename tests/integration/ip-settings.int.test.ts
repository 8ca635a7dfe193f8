import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { PveClient } from '@kiln/pve';
import { closeRedis, getRedis } from '@kiln/redis';
import { closePveClients, containerSettings, listIpPools, readInventory, type SettingsValues } from '@kiln/services';
import { creationInput, registerSimNode, templateId, waitForLifecycle } from '../helpers/provisioning';
import { startTestSim, type Simulator } from '../helpers/sim';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';
import { runAction, waitForOperationRow } from '../helpers/operations';

/**
 * IP pool follow-ups: a Settings address change runs the wizard's conflict check and keeps pool
 * allocations right; a typed static address is claimed race-safe at creation; an address that
 * answered the ARP probe is not handed out again by a pool right away.
 */
const webUrl = inject('webUrl');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 test@kiln';

let sim: Simulator;
let pve: PveClient;
let a: Awaited<ReturnType<typeof makeUser>>;
let web: WebClient;
let nodeId: string;
let baseTpl: string;
let heldVm: number;
let stopped: { vmid: number; name: string }[];
let running: number;

type Created = { containerId: string; vmid: number };

beforeAll(async () => {
  sim = await startTestSim({ clusterName: 'lab', seed: 3, taskDurationMs: 200 });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  heldVm = sim.addVm({ node: 'pve2', name: 'holder', ips: ['10.50.0.5/24'] });
  // two stopped containers Kiln did not create, whose addresses the Settings tab changes
  const cts = (await pve.clusterResources('vm')).filter((g) => g.type === 'lxc' && !g.template && g.node === 'pve1').sort((x, y) => x.vmid - y.vmid);
  const picked = cts.slice(0, 2);
  for (const g of picked) if (g.status !== 'stopped') await pve.waitForTask(g.node, await pve.lxcStop(g.node, g.vmid));
  stopped = picked.map((g) => ({ vmid: g.vmid, name: g.name ?? '' }));
  // and a running one, whose address the ARP test changes behind the poll's back
  const third = cts[2]!;
  if (third.status !== 'running') await pve.waitForTask(third.node, await pve.lxcStart(third.node, third.vmid));
  running = third.vmid;
  sim.broadcastStatus();

  a = await makeUser();
  web = new WebClient(webUrl);
  expect((await web.login(a.username, a.password)).status).toBe(200);
  nodeId = (await registerSimNode(a, sim, { name: 'alpha' })).id;
  baseTpl = await templateId('base');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const inv = await readInventory(getDb(), getRedis(), a.id, { waitMs: 2_000 });
    if (inv.rows.some((r) => (r.ips ?? []).includes('10.50.0.5')) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
}, 120_000);

afterAll(async () => {
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

const load = (vmid: number) => containerSettings({ db: getDb(), redis: getRedis() }, a.id, { nodeId, vmid });
const save = (vmid: number, digest: string, base: SettingsValues, next: SettingsValues) => runAction(web, 'saveSettingsAction', { nodeId, vmid, digest, base, next });
/** `next` with net0's IPv4 replaced. */
const withNet0 = (v: SettingsValues, ipv4: Partial<SettingsValues['nets'][number]>): SettingsValues => ({
  ...v,
  nets: v.nets.map((n) => (n.index === 0 ? { ...n, ipv4Cidr: undefined, ipv4Gateway: undefined, ipv4PoolId: undefined, ...ipv4 } : n)),
});
const staticNet = (cidr: string) => ({ bridge: 'vmbr0', ipv4Mode: 'static' as const, ipv4Cidr: cidr, ipv4Gateway: '10.50.0.1', ipv6Mode: 'none' as const, firewall: true });
const poolNet = (poolId: string) => ({ bridge: 'vmbr0', ipv4Mode: 'pool' as const, ipv4PoolId: poolId, ipv6Mode: 'none' as const, firewall: true });
const savePool = (input: Record<string, string>) => web.action<{ id: string }>('saveIpPoolAction', { bridge: 'vmbr0', ...input });

describe('address changes in Container settings', () => {
  let poolId: string;

  beforeAll(async () => {
    poolId = (await savePool({ name: 'settings', cidr: '10.70.0.0/24', rangeStart: '10.70.0.10', rangeEnd: '10.70.0.30', gateway: '10.70.0.1' })).data!.id;
  });

  it('refuses an address another guest holds, naming it at the NIC field, and changes nothing', async () => {
    const [ct] = stopped;
    const s = await load(ct!.vmid);
    const before = (await pve.lxcConfig('pve1', ct!.vmid)).raw['net0'];
    const r = await save(ct!.vmid, s.digest, s.values, withNet0(s.values, { ipv4Mode: 'static', ipv4Cidr: '10.50.0.5/24' }));
    expect(r.data).toBeUndefined();
    expect(r.serverError?.fieldErrors?.['nets.0.ipv4Cidr']).toBe(`10.50.0.5 is used by VM ${heldVm} 'holder' on pve2 (cluster lab).`);
    expect((await pve.lxcConfig('pve1', ct!.vmid)).raw['net0']).toBe(before);
    expect(await getDb().ipClaim.count({ where: { userId: a.id, address: '10.50.0.5' } })).toBe(0);
  });

  it('a typed address inside a pool is allocated from it; another guest typing it is told who holds it', async () => {
    const [ct, other] = stopped;
    const s = await load(ct!.vmid);
    const r = await save(ct!.vmid, s.digest, s.values, withNet0(s.values, { ipv4Mode: 'static', ipv4Cidr: '10.70.0.20/24', ipv4Gateway: '10.70.0.1' }));
    expect(r.data).toMatchObject({ ok: true });
    expect((await pve.lxcConfig('pve1', ct!.vmid)).net[0]?.ip).toBe('10.70.0.20/24');
    const alloc = await getDb().ipAllocation.findUniqueOrThrow({ where: { poolId_address: { poolId, address: '10.70.0.20' } } });
    expect(alloc.guestKey).toMatch(new RegExp(`/${ct!.vmid}$`));

    const o = await load(other!.vmid);
    const clash = await save(other!.vmid, o.digest, o.values, withNet0(o.values, { ipv4Mode: 'static', ipv4Cidr: '10.70.0.20/24' }));
    expect(clash.serverError?.fieldErrors?.['nets.0.ipv4Cidr']).toBe(`10.70.0.20 is used by CT ${ct!.vmid} '${ct!.name}' on pve1 (cluster lab).`);
  });

  it('"next free from pool" takes the pool’s next address with its gateway, race-safe against the one just taken', async () => {
    const [, other] = stopped;
    const o = await load(other!.vmid);
    expect(o.pools.map((p) => p.id)).toContain(poolId);
    expect((await web.page(`/containers/${nodeId}/${other!.vmid}?tab=settings`)).html).toContain('Next free from a pool');
    const r = await save(other!.vmid, o.digest, o.values, withNet0(o.values, { ipv4Mode: 'pool', ipv4PoolId: poolId }));
    expect(r.data).toMatchObject({ ok: true });
    const net = (await pve.lxcConfig('pve1', other!.vmid)).net[0];
    expect([net?.ip, net?.gw]).toEqual(['10.70.0.10/24', '10.70.0.1']);
    const alloc = await getDb().ipAllocation.findUniqueOrThrow({ where: { poolId_address: { poolId, address: '10.70.0.10' } } });
    expect(alloc.guestKey).toMatch(new RegExp(`/${other!.vmid}$`));
  });

  it('moving away from a pool address frees its allocation and claim', async () => {
    const [ct] = stopped;
    const s = await load(ct!.vmid);
    expect(s.values.nets[0]).toMatchObject({ ipv4Mode: 'static', ipv4Cidr: '10.70.0.20/24' });
    const r = await save(ct!.vmid, s.digest, s.values, withNet0(s.values, { ipv4Mode: 'dhcp' }));
    expect(r.data).toMatchObject({ ok: true });
    expect((await pve.lxcConfig('pve1', ct!.vmid)).net[0]?.ip).toBe('dhcp');
    expect(await getDb().ipAllocation.count({ where: { poolId, address: '10.70.0.20' } })).toBe(0);
    expect(await getDb().ipClaim.count({ where: { userId: a.id, address: '10.70.0.20' } })).toBe(0);
    // the other guest keeps its own
    expect(await getDb().ipAllocation.count({ where: { poolId, address: '10.70.0.10' } })).toBe(1);
  });

  it('a pool of another bridge is refused at the pool field', async () => {
    const other = (await savePool({ name: 'elsewhere', bridge: 'vmbr1', cidr: '10.71.0.0/24' })).data!.id;
    const [ct] = stopped;
    const s = await load(ct!.vmid);
    const r = await save(ct!.vmid, s.digest, s.values, withNet0(s.values, { ipv4Mode: 'pool', ipv4PoolId: other }));
    expect(r.serverError?.fieldErrors?.['nets.0.ipv4PoolId']).toBe('This pool is on vmbr1.');
  });
});

describe('a typed static address at creation', () => {
  it('of two parallel creations typing the same address exactly one wins; the other is told who holds it', async () => {
    const inputs = [0, 1].map(() => creationInput(nodeId, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: staticNet('10.50.0.77/24') }));
    const results = await Promise.all(inputs.map((i) => web.action<Created>('createContainerAction', i)));
    const winners = results.filter((r) => r.data);
    const losers = results.filter((r) => !r.data);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const won = winners[0]!.data!;
    const hostname = inputs[results.indexOf(winners[0]!)]!.hostname;
    expect(losers[0]!.serverError?.fieldErrors?.['network.ipv4Cidr']).toBe(`10.50.0.77 is used by CT ${won.vmid} '${hostname}' on pve1 (cluster lab).`);
    const claim = await getDb().ipClaim.findUniqueOrThrow({ where: { userId_address: { userId: a.id, address: '10.50.0.77' } } });
    expect(claim.containerId).toBe(won.containerId);
    expect(await getDb().container.count({ where: { userId: a.id, hostname: inputs[results.indexOf(losers[0]!)]!.hostname } })).toBe(0);

    expect(await waitForLifecycle(won.containerId, 240_000)).toBe('ready');
    // in its Settings the container moves to another address and back: the claim follows, its own address is no conflict
    for (const [to, from] of [
      ['10.50.0.78', '10.50.0.77'],
      ['10.50.0.77', '10.50.0.78'],
    ] as const) {
      const s = await load(won.vmid);
      const r = await save(won.vmid, s.digest, s.values, withNet0(s.values, { ipv4Mode: 'static', ipv4Cidr: `${to}/24`, ipv4Gateway: '10.50.0.1' }));
      expect(r.serverError).toBeUndefined();
      expect(r.data).toMatchObject({ ok: true });
      const claims = await getDb().ipClaim.findMany({ where: { userId: a.id, address: { in: [to, from] } } });
      expect(claims.map((c) => [c.address, c.containerId])).toEqual([[to, won.containerId]]);
    }

    // deleting the container gives the address back
    expect((await runAction(web, 'containerPowerAction', { nodeId, vmid: won.vmid, op: 'stop' })).data).toMatchObject({ ok: true });
    expect((await runAction(web, 'deleteContainerAction', { nodeId, vmid: won.vmid })).data).toMatchObject({ ok: true });
    expect(await getDb().ipClaim.count({ where: { userId: a.id, address: '10.50.0.77' } })).toBe(0);
  }, 300_000);
});

describe('an address that answered the ARP probe', () => {
  it('is not handed out again by the pool right away, and the pools page says why', async () => {
    const poolId = (await savePool({ name: 'arp', cidr: '10.60.0.0/24', rangeStart: '10.60.0.10', rangeEnd: '10.60.0.20' })).data!.id;
    // a running CT moves to the pool's first address: the snapshot keeps its old lease, arping sees it
    await pve.lxcSetConfig('pve1', running, { net: { 0: { name: 'eth0', bridge: 'vmbr0', ip: '10.60.0.10/24', hwaddr: 'BC:24:11:00:60:10' } } });

    const first = await web.action<Created>('createContainerAction', creationInput(nodeId, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: poolNet(poolId) }));
    expect((await getDb().ipAllocation.findFirstOrThrow({ where: { containerId: first.data!.containerId } })).address).toBe('10.60.0.10');
    expect(await waitForLifecycle(first.data!.containerId)).toBe('error');
    const seen = await getDb().ipSeenInUse.findUniqueOrThrow({ where: { userId_address: { userId: a.id, address: '10.60.0.10' } } });
    expect(seen.reason).toBe('answered ARP on vmbr0 (BC:24:11:00:60:10) from pve1');
    expect(seen.until.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);

    // deleting the failed creation frees its allocation, but the pool skips the address
    const del = await web.action<{ operationId: string }>('deleteCreationAction', { containerId: first.data!.containerId });
    expect((await waitForOperationRow(del.data!.operationId)).state).toBe('succeeded');
    expect(await getDb().ipAllocation.count({ where: { poolId, address: '10.60.0.10' } })).toBe(0);
    const pool = (await listIpPools({ db: getDb(), redis: getRedis() }, a.id)).find((p) => p.id === poolId)!;
    const use = pool.used.find((u) => u.address === '10.60.0.10');
    expect(use?.source).toBe('seen');
    expect(use?.holder).toMatch(/^seen in use: answered ARP on vmbr0 \(BC:24:11:00:60:10\) from pve1; skipped until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const page = await web.page('/settings/ip-pools');
    expect(page.html).toContain('answered the ARP probe');

    const second = await web.action<Created>('createContainerAction', creationInput(nodeId, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: poolNet(poolId) }));
    expect((await getDb().ipAllocation.findFirstOrThrow({ where: { containerId: second.data!.containerId } })).address).toBe('10.60.0.11');
    expect(await waitForLifecycle(second.data!.containerId)).toBe('ready');
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { PveClient } from '@kiln/pve';
import { closeRedis, getRedis } from '@kiln/redis';
import { closePveClients, listIpPools, readInventory } from '@kiln/services';
import { creationInput, registerSimNode, templateId, waitForLifecycle } from '../helpers/provisioning';
import { startTestSim, type Simulator } from '../helpers/sim';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';
import { runAction, waitForOperationRow } from '../helpers/operations';

const webUrl = inject('webUrl');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 test@kiln';

let simA: Simulator;
let simB: Simulator;
let pveB: PveClient;
let a: Awaited<ReturnType<typeof makeUser>>;
let webA: WebClient;
let nodeA: string;
let heldVm: number;
let configuredCt: { vmid: number; node: string; name: string };
let baseTpl: string;

type Created = { containerId: string; vmid: number };
type PoolSaved = { id: string };

beforeAll(async () => {
  [simA, simB] = await Promise.all([startTestSim({ clusterName: 'lab-a', seed: 1, taskDurationMs: 200 }), startTestSim({ clusterName: 'lab-b', seed: 1, taskDurationMs: 200 })]);
  pveB = new PveClient({ baseUrl: simB.apiUrl, token: simB.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: simB.tlsFingerprint });
  // cluster lab-b: a running VM whose agent reports 10.20.0.5, a stopped CT configured with 10.20.0.6
  heldVm = simB.addVm({ node: 'pve2', name: 'web-vm', ips: ['10.20.0.5/24'] });
  // and a guest inside the pool the parallel creations use: its address is never handed out
  simB.addVm({ node: 'pve3', name: 'squatter', ips: ['10.10.0.100/24'] });
  const cts = (await pveB.clusterResources('vm')).filter((g) => g.type === 'lxc' && !g.template);
  const stopped = cts.find((g) => g.status === 'stopped') ?? cts[0]!;
  if (stopped.status !== 'stopped') await pveB.waitForTask(stopped.node, await pveB.lxcStop(stopped.node, stopped.vmid));
  await pveB.lxcSetConfig(stopped.node, stopped.vmid, { net: { 0: { name: 'eth0', bridge: 'vmbr0', ip: '10.20.0.6/24', gw: '10.20.0.1' } } });
  configuredCt = { vmid: stopped.vmid, node: stopped.node, name: stopped.name ?? '' };
  simB.broadcastStatus();

  a = await makeUser();
  webA = new WebClient(webUrl);
  expect((await webA.login(a.username, a.password)).status).toBe(200);
  nodeA = (await registerSimNode(a, simA, { name: 'alpha' })).id;
  await registerSimNode(a, simB, { name: 'bravo' });
  baseTpl = await templateId('base');
  // the worker polls both clusters once they are looked at: wait for lab-b's addresses
  const deadline = Date.now() + 60_000;
  for (;;) {
    const inv = await readInventory(getDb(), getRedis(), a.id, { waitMs: 2_000 });
    const ips = inv.rows.flatMap((r) => r.ips ?? []);
    if ((ips.includes('10.20.0.5') && ips.includes('10.10.0.100')) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
}, 120_000);

afterAll(async () => {
  await pveB?.close();
  await closePveClients();
  await Promise.all([simA?.close(), simB?.close()]);
  await closeDb();
  await closeRedis();
});

const staticNet = (cidr: string) => ({ bridge: 'vmbr0', ipv4Mode: 'static' as const, ipv4Cidr: cidr, ipv4Gateway: '10.20.0.1', ipv6Mode: 'none' as const, firewall: true });
const poolNet = (poolId: string) => ({ bridge: 'vmbr0', ipv4Mode: 'pool' as const, ipv4PoolId: poolId, ipv6Mode: 'none' as const, firewall: true });

async function savePool(web: WebClient, input: Record<string, string>) {
  return web.action<PoolSaved>('saveIpPoolAction', { bridge: 'vmbr0', ...input });
}

describe('the static address conflict check', () => {
  it('names the guest of another cluster whose agent reports the typed address, next to the field', async () => {
    const r = await webA.action('previewCreationAction', creationInput(nodeA, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: staticNet('10.20.0.5/24') }));
    expect(r.data).toBeUndefined();
    expect(r.serverError?.fieldErrors?.['network.ipv4Cidr']).toBe(`10.20.0.5 is used by VM ${heldVm} 'web-vm' on pve2 (cluster lab-b).`);
  });

  it('names a stopped guest configured with the address (net0 ip=), and creates nothing', async () => {
    const before = await getDb().container.count({ where: { userId: a.id } });
    const r = await webA.action('createContainerAction', creationInput(nodeA, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: staticNet('10.20.0.6/24') }));
    expect(r.serverError?.fieldErrors?.['network.ipv4Cidr']).toBe(`10.20.0.6 is used by CT ${configuredCt.vmid} '${configuredCt.name}' on ${configuredCt.node} (cluster lab-b).`);
    expect(await getDb().container.count({ where: { userId: a.id } })).toBe(before);
  });

  it('lets a free address through', async () => {
    const r = await webA.action<{ vmid: number | 'auto' }>(
      'previewCreationAction',
      creationInput(nodeA, baseTpl, { params: { ssh_public_key: SSH_KEY, timezone: 'Etc/UTC' }, network: staticNet('10.20.0.77/24') }),
    );
    expect(r.serverError).toBeUndefined();
    expect(r.data?.vmid).toBe('auto');
  });
});

describe('the ARP probe from the node (a provisioning step before pct create)', () => {
  it('stops a creation whose address a guest took after the last address read, before anything is created', async () => {
    // a running CT on lab-a moves to a static address: the snapshot keeps its old DHCP lease until it restarts
    const running = (await getDb().container.findMany({ select: { vmid: true } })).map((c) => c.vmid);
    const pveA = new PveClient({ baseUrl: simA.apiUrl, token: simA.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: simA.tlsFingerprint });
    try {
      const ct = (await pveA.clusterResources('vm')).find((g) => g.type === 'lxc' && g.status === 'running' && !running.includes(g.vmid))!;
      await pveA.lxcSetConfig(ct.node, ct.vmid, { net: { 0: { name: 'eth0', bridge: 'vmbr0', ip: '10.20.0.60/24', hwaddr: 'BC:24:11:00:20:60' } } });
      expect(simA.view.getContainer(ct.vmid)?.config.net0).toContain('ip=10.20.0.60/24');
    } finally {
      await pveA.close();
    }
    const r = await webA.action<Created>('createContainerAction', creationInput(nodeA, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: staticNet('10.20.0.60/24') }));
    expect(r.serverError).toBeUndefined();
    expect(await waitForLifecycle(r.data!.containerId)).toBe('error');
    const row = await getDb().container.findUniqueOrThrow({ where: { id: r.data!.containerId }, include: { steps: { orderBy: { position: 'asc' } } } });
    expect(row.steps.map((x) => x.key).slice(0, 3)).toEqual(['ensure-template', 'probe-address', 'create']);
    expect((row.failure as { step: string; message: string }).step).toBe('probe-address');
    expect((row.failure as { message: string }).message).toBe('10.20.0.60 answers ARP on vmbr0 (BC:24:11:00:20:60): another device uses it. Delete this creation and choose another address.');
    expect(row.steps.find((x) => x.key === 'create')?.state).toBe('pending');
    expect(simA.view.getContainer(r.data!.vmid)).toBeUndefined();
  });
});

describe('pool validation', () => {
  it('puts clear errors next to the fields: gateway and range outside the subnet, a reversed range', async () => {
    const r = await savePool(webA, { name: 'bad', cidr: '10.30.0.0/24', gateway: '10.31.0.1', rangeStart: '10.30.0.50', rangeEnd: '10.30.1.9' });
    expect(r.serverError?.fieldErrors).toMatchObject({ gateway: 'The gateway must be a host address inside 10.30.0.0/24.', rangeEnd: 'The range must lie inside 10.30.0.0/24.' });
    const reversed = await savePool(webA, { name: 'bad', cidr: '10.30.0.0/24', rangeStart: '10.30.0.90', rangeEnd: '10.30.0.10' });
    expect(reversed.serverError?.fieldErrors?.rangeEnd).toBe('The range ends before it starts.');
  });

  it('refuses a pool overlapping another on the same bridge and VLAN, allows it on another VLAN', async () => {
    expect((await savePool(webA, { name: 'v1', cidr: '10.40.0.0/24', rangeStart: '10.40.0.10', rangeEnd: '10.40.0.50' })).data?.id).toBeTruthy();
    const clash = await savePool(webA, { name: 'v2', cidr: '10.40.0.0/24', rangeStart: '10.40.0.40', rangeEnd: '10.40.0.90' });
    expect(clash.serverError?.fieldErrors?.rangeStart).toBe('Overlaps the pool “v1” (10.40.0.10–10.40.0.50) on vmbr0.');
    expect((await savePool(webA, { name: 'v2', cidr: '10.40.0.0/24', vlan: '20', rangeStart: '10.40.0.40', rangeEnd: '10.40.0.90' })).data?.id).toBeTruthy();
  });
});

describe('allocation from a pool', () => {
  let poolId: string;
  let created: Created[] = [];

  it('20 parallel creations through the server action get 20 distinct addresses, none held by a guest; net0 carries them', async () => {
    const saved = await savePool(webA, { name: 'lab', cidr: '10.10.0.0/24', rangeStart: '10.10.0.100', rangeEnd: '10.10.0.160', reserved: '10.10.0.102', gateway: '10.10.0.1', dns: '10.10.0.2' });
    poolId = saved.data!.id;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => webA.action<Created>('createContainerAction', creationInput(nodeA, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: poolNet(poolId) }))),
    );
    for (const r of results) expect(r.serverError).toBeUndefined();
    created = results.map((r) => r.data!);
    const allocations = await getDb().ipAllocation.findMany({ where: { poolId }, orderBy: { address: 'asc' } });
    const addresses = allocations.map((x) => x.address);
    expect(new Set(addresses).size).toBe(20);
    expect(addresses).not.toContain('10.10.0.100'); // the squatter VM's (another cluster)
    expect(addresses).not.toContain('10.10.0.102'); // reserved
    expect(allocations.every((x) => created.some((c) => c.containerId === x.containerId))).toBe(true);

    const outcomes = await Promise.all(created.map((c) => waitForLifecycle(c.containerId, 240_000)));
    expect(outcomes.every((o) => o === 'ready')).toBe(true);
    const nets = created.map((c) => String(simA.view.getContainer(c.vmid)?.config.net0 ?? ''));
    const onPve = nets.map((n) => /ip=([\d.]+)\/24/.exec(n)?.[1]);
    expect(new Set(onPve).size).toBe(20);
    expect([...onPve].sort()).toEqual([...addresses].sort());
    for (const n of nets) expect(n).toContain('gw=10.10.0.1');
    const probe = await getDb().containerStep.findFirstOrThrow({ where: { containerId: created[0]!.containerId, key: 'probe-address' } });
    expect(probe.state).toBe('done');
    expect(String(simA.view.getContainer(created[0]!.vmid)?.config.nameserver ?? '')).toBe('10.10.0.2');
  }, 300_000);

  it('the pools page shows usage: which guest holds which address, used and free', async () => {
    const pools = await listIpPools({ db: getDb(), redis: getRedis() }, a.id);
    const lab = pools.find((p) => p.id === poolId)!;
    expect(lab.capacity).toBe(61 - 1); // 10.10.0.100–160 minus the reserved one
    expect(lab.used.filter((u) => u.source === 'kiln')).toHaveLength(20);
    expect(lab.used.find((u) => u.address === '10.10.0.100')?.holder).toMatch(/^VM \d+ 'squatter' on pve3 \(cluster lab-b\)$/);
    expect(lab.free).toBe(60 - 21);
    const page = await webA.page('/settings/ip-pools');
    expect(page.status).toBe(200);
    expect(page.html).toContain('21 used · 39 free of 60');
    expect(page.html).toContain('squatter');
  });

  it('destroying a container frees its address; the next creation gets it again', async () => {
    const victim = created[5]!;
    const held = await getDb().ipAllocation.findFirstOrThrow({ where: { containerId: victim.containerId } });
    expect((await runAction(webA, 'containerPowerAction', { nodeId: nodeA, vmid: victim.vmid, op: 'stop' })).data).toMatchObject({ ok: true });
    expect((await runAction(webA, 'deleteContainerAction', { nodeId: nodeA, vmid: victim.vmid })).data).toMatchObject({ ok: true });
    expect(await getDb().ipAllocation.count({ where: { id: held.id } })).toBe(0);
    // the poll must have seen it go: until then the snapshot still shows the address on the CT
    for (let i = 0; i < 60; i++) {
      const inv = await readInventory(getDb(), getRedis(), a.id, { waitMs: 0 });
      if (!inv.rows.some((r) => r.nodeId === nodeA && r.vmid === victim.vmid)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const again = await webA.action<Created>('createContainerAction', creationInput(nodeA, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: poolNet(poolId) }));
    const next = await getDb().ipAllocation.findFirstOrThrow({ where: { containerId: again.data!.containerId } });
    expect(next.address).toBe(held.address);
    expect(await waitForLifecycle(again.data!.containerId)).toBe('ready');
    created[5] = again.data!;
  }, 120_000);

  it('deleting a failed creation frees its address', async () => {
    simA.setTaskFailure({ type: 'vzstart', exitstatus: 'startup for container failed' });
    const r = await webA.action<Created>('createContainerAction', creationInput(nodeA, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: poolNet(poolId) }));
    expect(await waitForLifecycle(r.data!.containerId)).toBe('error');
    const held = await getDb().ipAllocation.findFirstOrThrow({ where: { containerId: r.data!.containerId } });
    const del = await webA.action<{ operationId: string }>('deleteCreationAction', { containerId: r.data!.containerId });
    expect((await waitForOperationRow(del.data!.operationId)).state).toBe('succeeded');
    expect(await getDb().ipAllocation.count({ where: { id: held.id } })).toBe(0);
  }, 120_000);
});

describe('ownership', () => {
  it('user B neither sees nor uses nor deletes A’s pools', async () => {
    const [aPool] = await listIpPools({ db: getDb(), redis: getRedis() }, a.id);
    const b = await makeUser();
    const webB = new WebClient(webUrl);
    expect((await webB.login(b.username, b.password)).status).toBe(200);
    const nodeB = (await registerSimNode(b, simA, { name: 'mine' })).id;
    expect(await listIpPools({ db: getDb(), redis: getRedis() }, b.id)).toEqual([]);
    expect((await webB.action<unknown[]>('ipPoolChoicesAction', { bridge: 'vmbr0' })).data).toEqual([]);
    const page = await webB.page('/settings/ip-pools');
    expect(page.html).not.toContain(aPool!.cidr);
    const use = await webB.action('previewCreationAction', creationInput(nodeB, baseTpl, { params: { ssh_public_key: SSH_KEY }, network: poolNet(aPool!.id) }));
    expect(use.serverError?.fieldErrors?.['network.ipv4PoolId']).toBe('Choose one of your IP pools.');
    const del = await webB.action('deleteIpPoolAction', { id: aPool!.id });
    expect(del.serverError?.code).toBe('NOT_FOUND');
    const edit = await webB.action('saveIpPoolAction', { id: aPool!.id, name: 'stolen', bridge: 'vmbr0', cidr: '10.99.0.0/24' });
    expect(edit.serverError?.code).toBe('NOT_FOUND');
    expect(await getDb().ipPool.count({ where: { id: aPool!.id } })).toBe(1);
  });
});

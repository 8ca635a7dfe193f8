// Adopting discovered containers (issue 17): the row Kiln writes from the container's config, the
// ownership tag on Proxmox VE afterwards, provenance and the inventory join, the refusals, a config
// changed in between, a worker that dies between row and tag, and a bulk adoption. Operations run
// in this process on a Redis prefix of their own, so the test stack's worker never takes them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { closeAll } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}adopt-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { getRedis } = await import('@kiln/redis');
const { createLogger } = await import('@kiln/core');
const svc = await import('@kiln/services');
const { deps, opDeps } = await import('../helpers/in-process-ops');
const { PveClient } = await import('@kiln/pve');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { registerSimNode, templateId } = await import('../helpers/provisioning');
const { kilnRow, runningCt } = await import('../helpers/kiln-container');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
let pve: InstanceType<typeof PveClient>;
let user: Awaited<ReturnType<typeof makeUser>>;
let actor: { id: string; username: string };
let nodeId: string;
let clusterKey: string;
let redisId: string;

/** A container Kiln did not create: created straight on Proxmox VE, with tags and settings of its own. */
async function discovered(hostname: string, opts: { start?: boolean } = {}): Promise<number> {
  const vmid = await pve.nextId();
  if (opts.start) await runningCt(pve, vmid, hostname);
  else
    await pve.waitForTask(
      await pve.lxcCreate('pve1', {
        vmid,
        hostname,
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        rootfs: { storage: 'local-lvm', sizeGiB: 3 },
        cores: 2,
        memory: 1024,
        swap: 256,
        net: [{ name: 'eth0', bridge: 'vmbr0', ip: '10.10.9.20/24', gw: '10.10.9.1', tag: 20, firewall: true }],
        nameserver: ['10.10.9.1'],
        tags: ['media', 'prod'],
      }),
      { timeout: 60_000 },
    );
  return vmid;
}

async function adopt(vmid: number, templateId: string | null = null, as = actor) {
  const { operationId } = await svc.requestAdopt(deps(), as, { nodeId, vmid }, { templateId });
  await svc.runOperation(opDeps(), operationId);
  return getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
}

const tagsOf = async (vmid: number) => (await pve.lxcConfig('pve1', vmid)).tags ?? [];

/**
 * The janitor's rule (provisioning/janitor.ts): a `kiln-<id>` tag without a live row is an orphan.
 * Checked here rather than by running the janitor, which would also requeue other files' creations.
 */
async function orphanTags(vmid: number): Promise<string[]> {
  const ids = (await tagsOf(vmid)).flatMap((t) => /^kiln-([0-9a-f-]{36})$/.exec(t)?.[1] ?? []);
  const live = await getDb().container.findMany({ where: { id: { in: ids }, lifecycle: { not: 'deleted' } }, select: { id: true } });
  return ids.filter((id) => !live.some((r) => r.id === id));
}

beforeAll(async () => {
  sim = await startTestSim({ taskDurationMs: 200 });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  user = await makeUser();
  actor = { id: user.id, username: user.username };
  const node = await registerSimNode(user, sim);
  nodeId = node.id;
  clusterKey = svc.clusterKeyOf(node);
  redisId = await templateId('redis');
});

afterAll(() => closeAll({ workers: new Set(), pve, sim }));

describe('adopting a discovered container', () => {
  it('without a template: a ready row from its config, the kiln and ownership tags on PVE, provenance, history and the inventory join', async () => {
    const vmid = await discovered('adopt-plain');
    // Something happens to it while it is discovered: its history keeps it after the adoption.
    const start = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    await svc.runOperation(opDeps(), start.operationId);
    const op = await adopt(vmid);
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect(op.message).toBe('Adopted adopt-plain, without a template.');
    const row = await getDb().container.findUniqueOrThrow({ where: { id: op.id } });
    expect(row).toMatchObject({ userId: user.id, nodeId, vmid, hostname: 'adopt-plain', pveNode: 'pve1', lifecycle: 'ready', templateId: null, templateSlug: null });
    expect(row.adoptedAt).toBeInstanceOf(Date);
    expect(op.containerId).toBe(row.id);
    expect(row.spec).toMatchObject({
      template: null,
      storage: 'local-lvm',
      disk: 3,
      cores: 2,
      memory: 1024,
      swap: 256,
      network: { bridge: 'vmbr0', ipv4: { cidr: '10.10.9.20/24', gateway: '10.10.9.1' }, vlan: 20, firewall: true },
      dns: { nameservers: ['10.10.9.1'] },
      tags: ['media', 'prod'],
    });
    // Proxmox VE: its own tags kept, Kiln's added.
    expect((await tagsOf(vmid)).sort()).toEqual(['kiln', `kiln-${row.id}`, 'media', 'prod'].sort());

    const provenance = await svc.containerProvenance(getDb(), row);
    expect(provenance).toMatchObject({ adoptedAt: row.adoptedAt!.toISOString(), createdBy: user.username, templateSlug: null, params: [], hasSecrets: false });
    const events = await getDb().containerEvent.findMany({ where: { containerId: row.id } });
    expect(events.map((e) => [e.type, e.message])).toEqual([['container.adopt', `Adopted by ${user.username}, without a template`]]);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { userId: user.id, action: 'container.adopt', targetId: `${nodeId}/${vmid}` } });
    expect(audit.outcome).toBe('success');
    const history = await svc.containerHistory(deps(), user.id, { nodeId, vmid });
    expect(history.timeline.map((t) => [t.type, t.by])).toEqual([
      ['container.adopt', user.username],
      ['container.start', user.username],
    ]);

    // The table joins the guest with its row; the tag names a live row, so the janitor has no orphan to report.
    await svc.pollCluster({ ...deps(), log: createLogger('test', 'warn'), workerId: 'test' }, clusterKey);
    const inv = await svc.readInventory(getDb(), getRedis(), user.id);
    const listed = inv.rows.find((r) => r.vmid === vmid);
    expect(listed?.kiln).toMatchObject({ containerId: row.id, lifecycle: 'ready', templateSlug: null });
    expect(listed?.tags).toContain(`kiln-${row.id}`);
    expect(await orphanTags(vmid)).toEqual([]);
  });

  it('linked to a template version: slug, version and its non-secret defaults recorded, shown as Kiln’s in the table, with template updates', async () => {
    const vmid = await discovered('adopt-redis', { start: true });
    const op = await adopt(vmid, redisId);
    expect(op.state, op.message ?? '').toBe('succeeded');
    const tpl = await getDb().template.findUniqueOrThrow({ where: { id: redisId } });
    expect(op.message).toBe(`Adopted adopt-redis, linked to redis ${tpl.version}.`);
    const row = await getDb().container.findUniqueOrThrow({ where: { id: op.id } });
    expect(row).toMatchObject({ templateId: redisId, templateSlug: 'redis', templateVersion: tpl.version });
    expect(row.spec).toMatchObject({ template: { id: redisId, slug: 'redis', version: tpl.version }, params: { bind: '0.0.0.0', port: 6379 }, secretParams: [] });
    expect(await tagsOf(vmid)).toContain(`kiln-${row.id}`);
    const provenance = await svc.containerProvenance(getDb(), row);
    expect(provenance).toMatchObject({ templateSlug: 'redis', templateVersion: tpl.version, createdBy: user.username });
    expect(provenance.params.map((p) => p.name)).toEqual(['bind', 'port']);
    // The update card reads the same provenance as for a container Kiln made.
    expect(await svc.templateUpdateInfo(getDb(), user.id, row)).toMatchObject({ slug: 'redis', current: tpl.version });
    await svc.pollCluster({ ...deps(), log: createLogger('test', 'warn'), workerId: 'test' }, clusterKey);
    const listed = (await svc.readInventory(getDb(), getRedis(), user.id)).rows.find((r) => r.vmid === vmid);
    expect(listed?.kiln).toMatchObject({ containerId: row.id, templateSlug: 'redis', templateVersion: tpl.version });
  });
});

describe('what is not adopted', () => {
  it('refuses a container Kiln made, or already adopted, before anything is queued', async () => {
    const vmid = await discovered('kiln-made');
    await kilnRow({ userId: user.id, nodeId, vmid, hostname: 'kiln-made', template: { id: redisId, slug: 'redis', version: '1.0.0' } });
    await expect(svc.requestAdopt(deps(), actor, { nodeId, vmid }, {})).rejects.toThrow('Kiln already manages kiln-made: it was created by Kiln.');
    const again = await discovered('adopted-twice');
    expect((await adopt(again)).state).toBe('succeeded');
    await expect(svc.requestAdopt(deps(), actor, { nodeId, vmid: again }, {})).rejects.toThrow('Kiln already manages adopted-twice: it was adopted.');
    expect(await getDb().operation.count({ where: { kind: 'container.adopt', vmid: { in: [vmid, again] } } })).toBe(1);
  });

  it('refuses a VM and a container template', async () => {
    const vm = sim.addVm({ node: 'pve1', name: 'adopt-vm' });
    await expect(svc.requestAdopt(deps(), actor, { nodeId, vmid: vm }, {})).rejects.toThrow(`VM ${vm} is a virtual machine: Kiln adopts containers only.`);
    const tpl = await discovered('adopt-template');
    sim.view.setContainerConfig(tpl, { template: '1' }, []);
    await expect(svc.requestAdopt(deps(), actor, { nodeId, vmid: tpl }, {})).rejects.toThrow(`CT ${tpl} is a template: Kiln adopts containers, not templates.`);
  });

  it('refuses another user’s node (it looks missing), a viewer, and a template the user cannot see', async () => {
    const vmid = await discovered('adopt-authz');
    const stranger = await makeUser();
    await expect(svc.requestAdopt(deps(), { id: stranger.id, username: stranger.username }, { nodeId, vmid }, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const viewer = await makeUser();
    await new svc.NodeShares(getDb()).share(actor, { nodeId, username: viewer.username, role: 'viewer' });
    await expect(svc.requestAdopt(deps(), { id: viewer.id, username: viewer.username }, { nodeId, vmid }, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // An operator of a shared node may adopt there.
    const operator = await makeUser();
    await new svc.NodeShares(getDb()).share(actor, { nodeId, username: operator.username, role: 'operator' });
    const mine = await getDb().template.create({ data: { userId: stranger.id, slug: `priv-${randomUUID().slice(0, 6)}`, version: '1.0.0', name: 'Private', tags: [], spec: {} } });
    await expect(svc.requestAdopt(deps(), { id: operator.id, username: operator.username }, { nodeId, vmid }, { templateId: mine.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const op = await adopt(vmid, null, { id: operator.id, username: operator.username });
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect((await svc.containerProvenance(getDb(), await getDb().container.findUniqueOrThrow({ where: { id: op.id } }))).createdBy).toBe(operator.username);
    expect(await getDb().operation.count({ where: { kind: 'container.adopt', vmid, userId: { in: [stranger.id, viewer.id] } } })).toBe(0);
  });

  it('refuses a config changed since the request, and one changed between Kiln’s read and its write: no row, no tag, a clear reason', async () => {
    const vmid = await discovered('adopt-stale');
    const { operationId } = await svc.requestAdopt(deps(), actor, { nodeId, vmid }, {});
    await pve.lxcSetConfig('pve1', vmid, { memory: 2048 });
    await svc.runOperation(opDeps(), operationId);
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(op.state).toBe('failed');
    expect(op.message).toBe(
      'Not adopted: the container’s configuration changed since Kiln read it (someone edited it meanwhile). Kiln changed nothing: adopt it again to take the current configuration.',
    );
    expect(await getDb().container.count({ where: { vmid, nodeId } })).toBe(0);
    expect((await tagsOf(vmid)).sort()).toEqual(['media', 'prod']);

    // PVE refuses the write itself (its digest check): the row Kiln had written goes again.
    const second = await svc.requestAdopt(deps(), actor, { nodeId, vmid }, {});
    sim.injectFailure({ method: 'PUT', path: `/nodes/pve1/lxc/${vmid}/config`, status: 500, message: 'detected modified configuration - file changed by other user? Try again.', times: 1 });
    await svc.runOperation(opDeps(), second.operationId);
    const refused = await getDb().operation.findUniqueOrThrow({ where: { id: second.operationId } });
    expect([refused.state, refused.message]).toEqual(['failed', op.message]);
    expect(await getDb().container.count({ where: { vmid, nodeId } })).toBe(0);
    expect((await tagsOf(vmid)).sort()).toEqual(['media', 'prod']);

    // Asked again, it is adopted with the config as it is now.
    const third = await adopt(vmid);
    expect(third.state, third.message ?? '').toBe('succeeded');
    expect((await getDb().container.findUniqueOrThrow({ where: { id: third.id } })).spec).toMatchObject({ memory: 2048 });
  });
});

describe('a worker that dies between the row and the tag', () => {
  it('is followed by one that finds the row, tags the container and ends: one row, no orphan', async () => {
    const vmid = await discovered('adopt-crash');
    const { operationId } = await svc.requestAdopt(deps(), actor, { nodeId, vmid }, {});
    // The tag write fails once (a node that did not answer): the row is written, the attempt ends without a verdict.
    sim.injectFailure({ method: 'PUT', path: `/nodes/pve1/lxc/${vmid}/config`, status: 500, message: 'got timeout', times: 1 });
    await expect(svc.runOperation(opDeps(), operationId, { lastAttempt: false })).rejects.toThrow();
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: operationId } })).state).toBe('running');
    expect(await getDb().container.count({ where: { id: operationId } })).toBe(1);
    expect(await tagsOf(vmid)).not.toContain(`kiln-${operationId}`);

    await svc.runOperation(opDeps(), operationId);
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(op.state, op.message ?? '').toBe('succeeded');
    expect(op.attempts).toBe(2);
    expect(await getDb().container.findMany({ where: { vmid, nodeId }, select: { id: true } })).toEqual([{ id: operationId }]);
    expect(await tagsOf(vmid)).toContain(`kiln-${operationId}`);
    expect(await getDb().containerEvent.count({ where: { containerId: operationId, type: 'container.adopt' } })).toBe(1);
    expect(await orphanTags(vmid)).toEqual([]);
  });
});

describe('bulk adoption', () => {
  it('adopts 3 containers as one operation with a child each, the same template for all; one Kiln already manages is refused', async () => {
    const vmids = [await discovered('bulk-a'), await discovered('bulk-b'), await discovered('bulk-c')];
    const taken = await discovered('bulk-taken');
    expect((await adopt(taken)).state).toBe('succeeded');
    const { operationId } = await svc.requestBulkAdopt(
      deps(),
      actor,
      [...vmids, taken].map((vmid) => ({ nodeId, vmid })),
      { templateId: redisId },
    );
    await svc.runOperation(opDeps(), operationId);
    const parent = await getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(parent.kind).toBe('bulk.adopt');
    expect(parent.message).toBe('Adopted 3 of 4 containers, 1 refused or failed.');
    const children = await getDb().operation.findMany({ where: { parentId: operationId }, orderBy: { vmid: 'asc' } });
    expect(children.map((c) => [c.kind, c.vmid, c.state])).toEqual([...vmids.map((v) => ['container.adopt', v, 'succeeded']), ['container.adopt', taken, 'failed']]);
    expect(children.at(-1)!.message).toBe('Kiln already manages bulk-taken: it was adopted.');
    for (const child of children.slice(0, 3)) {
      const row = await getDb().container.findUniqueOrThrow({ where: { id: child.id } });
      expect([row.vmid, row.templateSlug, row.lifecycle]).toEqual([child.vmid, 'redis', 'ready']);
      expect(await tagsOf(row.vmid)).toEqual(expect.arrayContaining(['kiln', `kiln-${row.id}`]));
    }
    expect(await getDb().container.count({ where: { vmid: taken, nodeId, lifecycle: { not: 'deleted' } } })).toBe(1);
  });
});

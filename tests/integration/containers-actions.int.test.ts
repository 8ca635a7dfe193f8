import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { VmidService } from '@kiln/services';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { runAction, runBulk } from '../helpers/operations';
import { closeSim, createCt, lxcOn, ownedSim, statusOf, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;

beforeAll(async () => void ({ sim, pve, a } = await ownedSim(webUrl)));
afterAll(() => closeSim({ sim, pve }));

/** The power action queues an operation; like the action bar, the test follows it to its end. */
const power = (vmid: number, op: string) => runAction(a.web, 'containerPowerAction', { nodeId: a.nodeId, vmid, op });
const audits = (vmid: number, action: string) => getDb().auditEvent.findMany({ where: { userId: a.user.id, targetId: `${a.nodeId}/${vmid}`, action }, orderBy: { id: 'asc' } });

describe('container power actions', () => {
  it('stops and starts a container, returning the PVE task result and writing the audit log', async () => {
    const ct = (await lxcOn(pve, 'pve1', 'running'))[0]!;
    const stop = await power(ct.vmid, 'stop');
    expect(stop.data).toMatchObject({ ok: true, op: 'stop', vmid: ct.vmid, exitstatus: 'OK' });
    expect(stop.data!.upid).toMatch(new RegExp(`^UPID:pve1:.*:vzstop:${ct.vmid}:`));
    expect(await statusOf(pve, ct.vmid)).toBe('stopped');
    const start = await power(ct.vmid, 'start');
    expect(start.data).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(start.data!.log.join('\n')).toMatch(/TASK OK/);
    expect(await statusOf(pve, ct.vmid)).toBe('running');
    const rows = [...(await audits(ct.vmid, 'container.stop')), ...(await audits(ct.vmid, 'container.start'))];
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['container.stop', 'success'],
      ['container.start', 'success'],
    ]);
    expect(rows[0]!.targetName).toBe(ct.name);
    expect((rows[0]!.detail as Record<string, unknown>)['upid']).toBe(stop.data!.upid);
  });

  it("shows PVE's reason when it refuses: already running, not running", async () => {
    const ct = (await lxcOn(pve, 'pve1', 'running'))[0]!;
    const again = await power(ct.vmid, 'start');
    expect(again.data?.ok).toBe(false);
    expect(again.data?.message).toBe(`Proxmox VE refused: CT ${ct.vmid} already running`);
    const stopped = await createCt(pve, 'refusals');
    for (const op of ['stop', 'shutdown'] as const) {
      const r = await power(stopped, op);
      expect(r.data?.ok).toBe(false);
      expect(r.data?.message).toBe(`Proxmox VE refused: CT ${stopped} not running`);
    }
    const reboot = await power(stopped, 'reboot');
    expect(reboot.data?.message).toBe(`Proxmox VE refused: VM ${stopped} not running`);
    const failed = await audits(ct.vmid, 'container.start');
    expect(failed.at(-1)).toMatchObject({ outcome: 'failure' });
    expect((failed.at(-1)!.detail as Record<string, unknown>)['reason']).toBe(`CT ${ct.vmid} already running`);
  });

  it('shuts down and reboots a running container', async () => {
    const vmid = await createCt(pve, 'shutdown-reboot', { start: true });
    const reboot = await power(vmid, 'reboot');
    expect(reboot.data).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(await statusOf(pve, vmid)).toBe('running');
    const down = await power(vmid, 'shutdown');
    expect(down.data).toMatchObject({ ok: true });
    expect(await statusOf(pve, vmid)).toBe('stopped');
  });

  it("fails a locked container's task and says it is locked", async () => {
    const vmid = await createCt(pve, 'locked-one');
    sim.view.setContainerConfig(vmid, { lock: 'backup' }, []);
    const r = await power(vmid, 'start');
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toMatch(/^Proxmox VE refused: .*locked \(backup\)/);
    expect(r.data?.upid).toBeTruthy();
    expect(r.data?.log.join('\n')).toMatch(/TASK ERROR: .*locked/);
    sim.view.setContainerConfig(vmid, {}, ['lock']);
    expect((await power(vmid, 'start')).data?.ok).toBe(true);
  });

  it("replays the operation's task log from the start after the fact (a reloaded page)", async () => {
    const vmid = await createCt(pve, 'progress');
    const r = await power(vmid, 'start');
    expect(r.data?.ok).toBe(true);
    const res = await a.web.fetch(`/api/operations/${r.data!.operationId}?after=0`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { operation: { state: string; upids: string[] }; events: { id: string; event: { type: string; text?: string; upid?: string } }[]; cursor: string };
    expect(body.operation).toMatchObject({ state: 'succeeded', upids: [r.data!.upid] });
    expect(body.events.find((e) => e.event.type === 'task')?.event.upid).toBe(r.data!.upid);
    expect(
      body.events
        .filter((e) => e.event.type === 'log')
        .map((e) => e.event.text)
        .join('\n'),
    ).toContain('TASK OK');
    // After the cursor nothing is new: a follower gets each line once.
    const again = (await (await a.web.fetch(`/api/operations/${r.data!.operationId}?after=${body.cursor}`)).json()) as { events: unknown[] };
    expect(again.events).toEqual([]);
  });

  it('starts, stops and shuts down several containers at once, each with its own outcome', async () => {
    const one = await createCt(pve, 'bulk-one');
    const two = await createCt(pve, 'bulk-two');
    const up = (await lxcOn(pve, 'pve1', 'running'))[0]!;
    const res = await runBulk(a.web, { op: 'start', targets: [one, two, up.vmid].map((vmid) => ({ nodeId: a.nodeId, vmid })) });
    const byId = Object.fromEntries(res.data!.outcomes.map((o) => [o.vmid, o]));
    expect(byId[one]).toMatchObject({ ok: true });
    expect(byId[two]).toMatchObject({ ok: true });
    expect(byId[up.vmid]).toMatchObject({ ok: false, message: `Proxmox VE refused: CT ${up.vmid} already running` });
    expect([await statusOf(pve, one), await statusOf(pve, two)]).toEqual(['running', 'running']);
    const stop = await runBulk(a.web, {
      op: 'shutdown',
      targets: [
        { nodeId: a.nodeId, vmid: one },
        { nodeId: a.nodeId, vmid: two },
      ],
    });
    expect(stop.data!.outcomes.every((o) => o.ok)).toBe(true);
    // One parent: it failed as a whole (one refusal), with the counts.
    expect(res.data!.view.operation).toMatchObject({ kind: 'bulk.start', state: 'failed', result: { total: 3, succeeded: 2, failed: 1, cancelled: 0 } });
    expect(stop.data!.view.operation).toMatchObject({ state: 'succeeded', message: 'Shut down 2 of 2 containers.' });
    expect([await statusOf(pve, one), await statusOf(pve, two)]).toEqual(['stopped', 'stopped']);
  });

  it('acts on containers of other cluster members through the registered node', async () => {
    const ct = (await lxcOn(pve, 'pve3', 'running'))[0]!;
    expect((await power(ct.vmid, 'stop')).data).toMatchObject({ ok: true });
    expect(await statusOf(pve, ct.vmid, 'pve3')).toBe('stopped');
    expect((await power(ct.vmid, 'start')).data).toMatchObject({ ok: true });
  });

  it('refuses bad input before touching anything', async () => {
    expect((await power(99, 'start')).validationErrors).toBeTruthy();
    expect((await power(101, 'destroy')).validationErrors).toBeTruthy();
    expect((await a.web.action('containerPowerAction', { nodeId: 'nope', vmid: 101, op: 'start' })).validationErrors).toBeTruthy();
    expect((await power(987654, 'start')).serverError?.code).toBe('NOT_FOUND');
    // Nothing was queued for what was refused.
    expect(await getDb().operation.count({ where: { userId: a.user.id, vmid: { in: [99, 987654] } } })).toBe(0);
  });
});

describe('deleting containers', () => {
  it('purges the container, frees its VMID in the cache, and keeps the Kiln row as deleted with its history', async () => {
    const vmid = await createCt(pve, 'kiln-made');
    const row = await getDb().container.create({
      data: {
        userId: a.user.id,
        nodeId: a.nodeId,
        vmid,
        hostname: 'kiln-made',
        pveNode: 'pve1',
        lifecycle: 'ready',
        templateSlug: 'nginx-static',
        templateVersion: '1.0.0',
        spec: { params: { siteName: 'blog' } },
        readyAt: new Date(),
      },
    });
    await getDb().containerEvent.create({ data: { containerId: row.id, type: 'created', message: 'Created', data: { by: a.user.username } } });
    const vmids = new VmidService(getDb(), getRedis());
    await vmids.refresh(a.user.id, a.nodeId);
    expect((await vmids.check(a.user.id, a.nodeId, vmid)).ok).toBe(false);

    const del = await runAction(a.web, 'deleteContainerAction', { nodeId: a.nodeId, vmid });
    expect(del.data).toMatchObject({ ok: true, op: 'delete', exitstatus: 'OK' });
    expect((await pve.clusterResources('vm')).some((g) => g.vmid === vmid)).toBe(false);
    expect(await getRedis().exists(`vmid-cache:${a.nodeId}`)).toBe(0);
    expect((await vmids.check(a.user.id, a.nodeId, vmid)).ok).toBe(true);
    const after = await getDb().container.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { id: 'asc' } } } });
    expect(after.lifecycle).toBe('deleted');
    expect(after.deletedAt).toBeInstanceOf(Date);
    expect(after.events.map((e) => e.type)).toEqual(['created', 'container.delete']);
    expect((await audits(vmid, 'container.delete'))[0]).toMatchObject({ outcome: 'success', targetName: 'kiln-made' });
    // The page of the deleted container still shows its history.
    const page = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=history`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('This container was deleted');
    expect(page.html).toContain('container.delete');
  });

  it('refuses to delete a running container unless asked to stop it first', async () => {
    const vmid = await createCt(pve, 'running-delete', { start: true });
    const refused = await runAction(a.web, 'deleteContainerAction', { nodeId: a.nodeId, vmid });
    expect(refused.data).toMatchObject({ ok: false, message: `Proxmox VE refused: unable to destroy CT ${vmid} - container is running` });
    expect(await statusOf(pve, vmid)).toBe('running');
    const forced = await runAction(a.web, 'deleteContainerAction', { nodeId: a.nodeId, vmid, force: true });
    expect(forced.data?.ok).toBe(true);
    expect(forced.data?.log.join('\n')).toContain(`forced to stop CT ${vmid} before destroying!`);
    expect((await pve.clusterResources('vm')).some((g) => g.vmid === vmid)).toBe(false);
  });

  it('does not delete a container Kiln is still creating', async () => {
    const vmid = await createCt(pve, 'in-creation');
    await getDb().container.create({ data: { userId: a.user.id, nodeId: a.nodeId, vmid, hostname: 'in-creation', pveNode: 'pve1', lifecycle: 'creating', spec: {} } });
    const r = await runAction(a.web, 'deleteContainerAction', { nodeId: a.nodeId, vmid });
    expect(r.serverError?.code).toBe('CONFLICT');
    expect(await statusOf(pve, vmid)).toBe('stopped');
  });
});

// The web side of bulk and scheduled updates (built app): the schedules page (empty state, a
// schedule with its window and last run, errors next to the fields, owner-only changes), and a
// bulk update of selected rows through the stack's worker.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { closeSim, createCt, owner, rootSsh, startSim, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let b: Owner;

beforeAll(async () => {
  ({ sim, pve } = await startSim({ seed: 0 }));
  a = await owner(webUrl, sim);
  b = await owner(webUrl, sim);
});

afterAll(() => closeSim({ sim, pve }));

const schedule = (over: Record<string, unknown> = {}) => ({
  name: 'Sunday security',
  days: [0],
  time: '03:00',
  timeZone: 'Europe/Berlin',
  options: { what: 'os-security', safety: 'snapshot', perNode: 1, stopAtFirstRollback: true },
  ...over,
});

describe('update schedules page', () => {
  it('starts empty, saves a schedule with its window, and shows its last run after Run now', async () => {
    const empty = await a.web.page('/settings/updates');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('No schedules yet.');

    const saved = await a.web.action<{ id: string }>('saveScheduleAction', { schedule: schedule({ nodeId: a.nodeId }) });
    expect(saved.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const page = await a.web.page('/settings/updates');
    expect(page.html).toContain('data-schedule="Sunday security"');
    expect(page.html).toContain('Sun at 03:00 (Europe/Berlin)');
    expect(page.html).toContain('security updates');
    expect(page.html).toContain('Never run yet.');

    const run = await a.web.action<{ result: string; operationId?: string }>('runScheduleNowAction', { id: saved.data!.id });
    expect(run.data?.result).toBe('Nothing to update: no running container in scope.');
    expect((await a.web.page('/settings/updates')).html).toContain('Nothing to update: no running container in scope.');
  });

  it('puts errors next to the fields, and lets only the owner change or delete a schedule', async () => {
    const bad = await a.web.action('saveScheduleAction', { schedule: schedule({ tag: 'x', timeZone: 'Mars/Olympus', options: { what: 'os', safety: 'backup' } }) });
    expect(bad.serverError?.fieldErrors).toEqual({ timeZone: 'Not a time zone this server knows.', backupStorage: 'Choose the storage the backup goes to.' });
    const noDays = await a.web.action('saveScheduleAction', { schedule: schedule({ tag: 'x', days: [] }) });
    expect(noDays.serverError?.fieldErrors).toEqual({ days: 'Choose at least one day.' });

    const mine = await a.web.action<{ id: string }>('saveScheduleAction', { schedule: schedule({ name: 'tagged', tag: 'auto' }) });
    const id = mine.data!.id;
    // b may not touch it, nor name a's node in one of theirs.
    expect((await b.web.action('deleteScheduleAction', { id })).serverError?.message).toMatch(/not found/i);
    expect((await b.web.action('saveScheduleAction', { id, schedule: schedule({ tag: 'mine' }) })).serverError?.message).toMatch(/not found/i);
    expect((await b.web.action('saveScheduleAction', { schedule: schedule({ nodeId: a.nodeId }) })).serverError).toBeDefined();
    expect((await b.web.page('/settings/updates')).html).not.toContain('data-schedule="tagged"');
    expect((await a.web.action('deleteScheduleAction', { id })).data).toEqual({ deleted: true });
    expect(await getDb().updateSchedule.count({ where: { id } })).toBe(0);
  });
});

describe('a bulk update from the table', () => {
  it('is queued for the selected rows and the worker updates each', async () => {
    const x = await createCt(pve, 'bulk-web-x', { start: true });
    const y = await createCt(pve, 'bulk-web-y', { start: true });
    sim.packages.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u5' });
    const r = await a.web.action<{ operationId: string }>('bulkUpdateAction', {
      targets: [x, y].map((vmid) => ({ nodeId: a.nodeId, vmid })),
      options: { what: 'os', safety: 'none', perNode: 2, stopAtFirstRollback: true },
    });
    expect(r.data?.operationId).toBeTruthy();
    const deadline = Date.now() + 90_000;
    let op = await getDb().operation.findUniqueOrThrow({ where: { id: r.data!.operationId } });
    while (op.state === 'queued' || op.state === 'running') {
      if (Date.now() > deadline) throw new Error('the bulk update did not end');
      await new Promise((res) => setTimeout(res, 300));
      op = await getDb().operation.findUniqueOrThrow({ where: { id: op.id } });
    }
    expect([op.kind, op.state, op.message]).toEqual(['bulk.update', 'succeeded', 'Updated 2 of 2 containers.']);
    for (const vmid of [x, y]) expect((await rootSsh(sim).pctExec(vmid, ['dpkg-query', '-W', '--showformat=${Version}', 'cron'])).stdout).toBe('3.0pl1-162+deb12u5');
    // Its page (followed live in the browser) names it as a bulk update; b cannot see it.
    const page = await a.web.page(`/operations/${op.id}`);
    expect(page.html).toContain('Update (several): 2 containers');
    expect((await b.web.page(`/operations/${op.id}`)).status).toBe(404);
    // Another user's rows: refused per container, nothing about a's node shown.
    const theirs = await b.web.action<{ operationId: string }>('bulkUpdateAction', { targets: [{ nodeId: a.nodeId, vmid: x }], options: { what: 'os', safety: 'none' } });
    const child = await getDb().operation.findFirstOrThrow({ where: { parentId: theirs.data!.operationId } });
    expect([child.state, child.nodeId]).toEqual(['failed', null]);
  });
});

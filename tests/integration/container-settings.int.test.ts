import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import type { PveClient } from '@kiln/pve';
import { containerSettings, type SettingsValues } from '@kiln/services';
import { runAction } from '../helpers/operations';
import type { Simulator } from '../helpers/sim';
import { signedIn as signIn } from '../helpers/users';
import type { WebClient } from '../helpers/web-client';
import { closeSim, createCt, ownedSim, type Owner } from './containers-fixture';

/**
 * The Settings tab through the built web app, the worker and the simulator: edits apply, a change
 * made elsewhere in between is shown (not overwritten), disks only grow, pending values show and
 * revert, root-only flags need SSH, and only operators of the node may change anything.
 */
const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
type Client = Awaited<ReturnType<typeof signIn>>;
let viewer: Client;
let stranger: Client;

beforeAll(async () => {
  ({ sim, pve, a } = await ownedSim(webUrl));
  [viewer, stranger] = await Promise.all([signIn(webUrl), signIn(webUrl)]);
  expect((await a.web.action('shareNodeAction', { nodeId: a.nodeId, username: viewer.u.username, role: 'viewer' })).data).toEqual({ ok: true });
});

afterAll(() => closeSim({ sim, pve }));

/** What the Settings tab loads: the values and the config digest the form sends back. */
const load = (vmid: number) => containerSettings({ db: getDb(), redis: getRedis() }, a.user.id, { nodeId: a.nodeId, vmid });
const save = (web: WebClient, vmid: number, digest: string, base: SettingsValues, next: SettingsValues) => runAction(web, 'saveSettingsAction', { nodeId: a.nodeId, vmid, digest, base, next });

describe('editing a container', () => {
  it('applies memory and cores, and keeps what the form did not touch', async () => {
    const vmid = await createCt(pve, 'edit-mem');
    const before = await pve.lxcConfig('pve1', vmid);
    const s = await load(vmid);
    expect(s.values).toMatchObject({ memory: 512, nets: [{ index: 0, bridge: 'vmbr0', ipv4Mode: 'dhcp' }] });
    expect(s.bridges.map((b) => b.iface)).toContain('vmbr0');

    const r = await save(a.web, vmid, s.digest, s.values, { ...s.values, memory: 1024, cores: 3 });
    expect(r.data).toMatchObject({ ok: true, message: 'Saved settings of edit-mem.' });
    const cfg = await pve.lxcConfig('pve1', vmid);
    expect([cfg.memory, cfg.cores]).toEqual([1024, 3]);
    expect(cfg.net[0]?.hwaddr).toBe(before.net[0]?.hwaddr);
    expect(cfg.raw['net0']).toBe(before.raw['net0']);
    const audit = await getDb().auditEvent.findFirst({ where: { userId: a.user.id, targetId: `${a.nodeId}/${vmid}`, action: 'container.configure' } });
    expect(audit).toMatchObject({ outcome: 'success' });
    const page = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=settings`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Save settings');
    // The form's values as the page hands them to it (in the page's flight data).
    expect(page.html).toContain(String.raw`\"memory\":1024`);
    // ...and in the server's HTML itself, before any script runs.
    const tag = (id: string) => new RegExp(`<(input|textarea|select)[^>]*\\bid="${id.replace(/\./g, '\\.')}"[^>]*>`).exec(page.html)?.[0] ?? `no #${id}`;
    expect(tag('memory')).toContain('value="1024"');
    expect(tag('cores')).toContain('value="3"');
    expect(tag('swap')).toContain(`value="${before.swap}"`);
    expect(tag('nets.0.name')).toContain('value="eth0"');
    expect(page.html).toMatch(/<option value="vmbr0" selected="">/);
    const checkedModes = (page.html.match(/<input type="radio"[^>]*>/g) ?? []).filter((r) => r.includes('name="nets.0.ipv4Mode"') && r.includes('checked=""'));
    expect(checkedModes.map((r) => /value="(\w+)"/.exec(r)?.[1])).toEqual(['dhcp']);
  });

  it('shows a change made elsewhere between loading and saving, and does not overwrite it', async () => {
    const vmid = await createCt(pve, 'edit-conflict');
    const s = await load(vmid);
    await pve.lxcSetConfig('pve1', vmid, { memory: 2048 }); // another client, after the form loaded
    const r = await save(a.web, vmid, s.digest, s.values, { ...s.values, memory: 1024, swap: 256 });
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toContain('changed elsewhere');
    expect(r.data?.message).toContain('memory (512 → 2048)');
    const cfg = await pve.lxcConfig('pve1', vmid);
    expect([cfg.memory, cfg.swap]).toEqual([2048, 512]);
  });

  it('refuses to shrink a disk at the field, before anything is queued, and grows one', async () => {
    const vmid = await createCt(pve, 'edit-disk');
    const s = await load(vmid);
    expect(s.disks[0]).toMatchObject({ key: 'rootfs', size: '2G', resizable: true });
    const shrink = await a.web.action('resizeDiskAction', { nodeId: a.nodeId, vmid, disk: 'rootfs', sizeGiB: 1, digest: s.digest });
    expect(shrink.serverError?.fieldErrors?.['sizeGiB']).toBe('Proxmox VE can only grow a disk: enter more than 2G.');
    expect(await getDb().operation.count({ where: { vmid, kind: 'container.resize', userId: a.user.id } })).toBe(0);

    const grow = await runAction(a.web, 'resizeDiskAction', { nodeId: a.nodeId, vmid, disk: 'rootfs', sizeGiB: 3, digest: s.digest });
    expect(grow.data).toMatchObject({ ok: true, message: 'Resized rootfs of edit-disk to 3 GiB.' });
    expect(grow.data?.log.join('\n')).toContain('successfully resized');
    expect((await pve.lxcConfig('pve1', vmid)).rootfs?.size).toBe('3G');
  });

  it('shows what Proxmox VE keeps pending on a running container, and reverts it', async () => {
    const vmid = await createCt(pve, 'edit-pending', { start: true });
    const s = await load(vmid);
    const r = await save(a.web, vmid, s.digest, s.values, { ...s.values, memory: 768, features: { ...s.values.features, nesting: !s.values.features.nesting } });
    expect(r.data?.ok).toBe(true);
    expect(r.data?.message).toBe('Saved settings of edit-pending. Proxmox VE applies features when the container restarts.');
    const after = await load(vmid);
    expect(after.pending.map((p) => p.key)).toEqual(['features']);
    // Memory applies at once on a running container: nothing pending for it.
    expect((await pve.lxcPending('pve1', vmid)).find((p) => p.key === 'memory')).toMatchObject({ value: '768' });
    const page = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=settings`);
    expect(page.html).toContain('Pending until the next restart');

    const revert = await runAction(a.web, 'revertPendingAction', { nodeId: a.nodeId, vmid, keys: ['features'] });
    expect(revert.data).toMatchObject({ ok: true });
    expect((await load(vmid)).pending).toEqual([]);
  });

  it('sets root-only flags with pct set over SSH, and refuses them with the reason when SSH is not set up', async () => {
    const vmid = await createCt(pve, 'edit-root');
    const s = await load(vmid);
    expect(s.sshReady).toBe(true);
    const r = await save(a.web, vmid, s.digest, s.values, { ...s.values, features: { ...s.values.features, keyctl: true } });
    expect(r.data).toMatchObject({ ok: true });
    expect(r.data?.log.join('\n')).toContain(`pct set ${vmid} --features`);
    expect((await pve.lxcConfig('pve1', vmid)).features.keyctl).toBe(true);

    // A new volume goes through the API; a bind mount (a host path) only root may add.
    const s1 = await load(vmid);
    const mounts = [...s1.values.mounts, { index: 0, volume: 'local-lvm:1', mp: '/data', backup: true }, { index: 1, volume: '/srv', mp: '/host-srv' }];
    const added = await save(a.web, vmid, s1.digest, s1.values, { ...s1.values, mounts });
    expect(added.data).toMatchObject({ ok: true });
    expect(added.data?.log.join('\n')).toMatch(/PUT \/nodes\/pve1\/lxc\/\d+\/config mp0/);
    expect(added.data?.log.join('\n')).toContain(`pct set ${vmid} --mp1 /srv,mp=/host-srv`);
    const cfg = await pve.lxcConfig('pve1', vmid);
    expect(cfg.mp[0]).toMatchObject({ mp: '/data', size: '1G' });
    expect(cfg.mp[1]).toMatchObject({ volume: '/srv', mp: '/host-srv' });
    expect((await load(vmid)).disks.map((d) => [d.key, d.resizable])).toEqual([
      ['rootfs', true],
      ['mp0', true],
      ['mp1', false],
    ]);

    await getDb().node.update({ where: { id: a.nodeId }, data: { sshState: 'failed' } });
    try {
      const s2 = await load(vmid);
      const refused = await a.web.action('saveSettingsAction', { nodeId: a.nodeId, vmid, digest: s2.digest, base: s2.values, next: { ...s2.values, features: { ...s2.values.features, fuse: true } } });
      expect(refused.serverError?.fieldErrors?.['features']).toMatch(/only be changed by root.*SSH to pve1 is not set up/);
      const bind = { ...s2.values, mounts: [...s2.values.mounts, { index: 2, volume: '/opt', mp: '/host-opt' }] };
      const noBind = await a.web.action('saveSettingsAction', { nodeId: a.nodeId, vmid, digest: s2.digest, base: s2.values, next: bind });
      expect(noBind.serverError?.fieldErrors?.['mounts']).toMatch(/^The bind mount mp2 can only be changed by root/);
      expect((await pve.lxcConfig('pve1', vmid)).features.fuse).toBe(false);
    } finally {
      await getDb().node.update({ where: { id: a.nodeId }, data: { sshState: 'ok' } });
    }
  });
});

describe('who may edit', () => {
  it('changes a mount point’s path and options, grows it only by resize, and a removed one stays as an unused disk', async () => {
    const vmid = await createCt(pve, 'edit-mounts');
    const s0 = await load(vmid);
    expect((await save(a.web, vmid, s0.digest, s0.values, { ...s0.values, mounts: [{ index: 0, volume: 'local-lvm:1', mp: '/data', backup: true }] })).data?.ok).toBe(true);
    const volume = (await pve.lxcConfig('pve1', vmid)).mp[0]!.volume;

    // Path and read-only change in place: same volume, same size.
    const s1 = await load(vmid);
    const moved = await save(a.web, vmid, s1.digest, s1.values, { ...s1.values, mounts: [{ ...s1.values.mounts[0]!, mp: '/srv/data', ro: true }] });
    expect(moved.data?.ok, moved.raw.slice(0, 300)).toBe(true);
    expect((await pve.lxcConfig('pve1', vmid)).mp[0]).toMatchObject({ volume, mp: '/srv/data', ro: true, size: '1G' });
    // A size is not changed by editing the mount point: a shrink is refused at the field.
    const s2 = await load(vmid);
    const shrink = await a.web.action('resizeDiskAction', { nodeId: a.nodeId, vmid, disk: 'mp0', sizeGiB: 1, digest: s2.digest });
    expect(shrink.serverError?.fieldErrors?.['sizeGiB']).toMatch(/can only grow a disk/);

    // Removed: PVE's delete=mp0 keeps the volume as unused0, and the Settings tab shows it.
    const removed = await save(a.web, vmid, s2.digest, s2.values, { ...s2.values, mounts: [] });
    expect(removed.data?.ok, removed.raw.slice(0, 300)).toBe(true);
    const cfg = await pve.lxcConfig('pve1', vmid);
    expect(cfg.mp).toEqual({});
    expect(cfg.unused).toEqual({ 0: volume });
    expect((await load(vmid)).unused).toEqual([{ key: 'unused0', volume }]);
    const page = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=settings`);
    expect(page.html).toContain('Unused disks');
    expect(page.html).toContain(volume);
  });

  it('a viewer sees the settings read-only and cannot change them; another user sees nothing', async () => {
    const vmid = await createCt(pve, 'edit-authz');
    const s = await load(vmid);
    const next = { ...s.values, memory: 640 };
    const vpage = await viewer.c.page(`/containers/${a.nodeId}/${vmid}?tab=settings`);
    expect(vpage.status).toBe(200);
    expect(vpage.html).toContain('shared with you read-only');
    expect(vpage.html).not.toContain('Save settings');

    const attempts: [string, Record<string, unknown>][] = [
      ['saveSettingsAction', { nodeId: a.nodeId, vmid, digest: s.digest, base: s.values, next }],
      ['resizeDiskAction', { nodeId: a.nodeId, vmid, disk: 'rootfs', sizeGiB: 4, digest: s.digest }],
      ['revertPendingAction', { nodeId: a.nodeId, vmid, keys: ['memory'] }],
    ];
    for (const [name, input] of attempts) {
      expect((await viewer.c.action(name, input)).serverError?.code, name).toBe('FORBIDDEN');
      expect((await stranger.c.action(name, input)).serverError?.code, name).toBe('NOT_FOUND');
    }
    expect((await stranger.c.action('nodeBridgesAction', { nodeId: a.nodeId })).serverError?.code).toBe('NOT_FOUND');
    expect((await stranger.c.page(`/containers/${a.nodeId}/${vmid}?tab=settings`)).status).toBe(404);
    await expect(containerSettings({ db: getDb(), redis: getRedis() }, stranger.u.id, { nodeId: a.nodeId, vmid })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().operation.count({ where: { vmid, userId: { in: [viewer.u.id, stranger.u.id] } } })).toBe(0);
    expect((await pve.lxcConfig('pve1', vmid)).memory).toBe(512);
  });
});

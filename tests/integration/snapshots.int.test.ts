import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { KILN_ROLE } from '@kiln/pve-sim';
import type { PveClient } from '@kiln/pve';
import { secretBox } from '@kiln/services';
import type { NodeSsh } from '@kiln/ssh';
import { runAction } from '../helpers/operations';
import type { Simulator } from '../helpers/sim';
import { closeSim, createCt, owner, ownedSim, rootSsh, signedIn, statusOf, type Owner } from './containers-fixture';

/**
 * Snapshots through Kiln against the simulator's real sandbox: a snapshot really captures the
 * container's files and a rollback really brings them back; storages that cannot snapshot are
 * said up front; only operators and owners change snapshots, strangers see nothing.
 */
const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let ssh: NodeSsh;
let vmid: number;
let dirVmid: number;
type Client = Awaited<ReturnType<typeof signedIn>>;
let viewer: Client;
let stranger: Client;

interface SnapshotListView {
  entries: { name: string; parent?: string; depth: number; current: boolean; description: string }[];
  capability: { ok: boolean; reason?: string; pveText?: string };
  running: boolean;
}

const NOSNAP = 'kiln@pve!nosnap';

beforeAll(async () => {
  ({ sim, pve, a } = await ownedSim(webUrl, { localRootdir: true, tokens: [{ id: NOSNAP, privileges: { '/': KILN_ROLE.filter((p) => !p.startsWith('VM.Snapshot')) } }] }));
  [viewer, stranger] = await Promise.all([signedIn(webUrl), signedIn(webUrl)]);
  expect((await a.web.action('shareNodeAction', { nodeId: a.nodeId, username: viewer.user.username, role: 'viewer' })).data).toEqual({ ok: true });
  ssh = rootSsh(sim);
  vmid = await createCt(pve, 'snap-ct', { start: true });
  // `local` is a dir storage (the sim's localRootdir lets it hold container volumes): raw files, no snapshots.
  dirVmid = await createCt(pve, 'on-dir', { storage: 'local' });
});

afterAll(() => closeSim({ sim, pve }));

const list = async (c: { action: Client['web']['action'] } = a.web, target = vmid) => c.action<SnapshotListView>('listSnapshotsAction', { nodeId: a.nodeId, vmid: target });
const readFile = async (path: string) => ssh.pctExec(vmid, ['cat', path]);

describe('snapshots of a container on thin LVM', () => {
  it('rolls back to a snapshot: the file written before it is back, the one written after is gone', async () => {
    await ssh.pctPush(vmid, '/root/note.txt', 'before\n', { mode: 0o644 });
    const taken = await runAction(a.web, 'createSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'before-change', description: 'clean state' });
    expect(taken.data).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(taken.data!.upid).toMatch(new RegExp(`:vzsnapshot:${vmid}:`));

    const tree = (await list()).data!;
    expect(tree.capability).toEqual({ ok: true });
    expect(tree.entries.map((e) => [e.name, e.depth, e.current])).toEqual([
      ['before-change', 0, false],
      ['current', 1, true],
    ]);
    expect(tree.entries[0]!.description).toBe('clean state');

    await ssh.pctPush(vmid, '/root/note.txt', 'after\n', { mode: 0o644 });
    await ssh.pctPush(vmid, '/root/new.txt', 'new\n', { mode: 0o644 });
    expect((await readFile('/root/note.txt')).stdout).toBe('after\n');

    const back = await runAction(a.web, 'rollbackSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'before-change', start: true });
    expect(back.data).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(back.data!.upid).toMatch(new RegExp(`:vzrollback:${vmid}:`));
    expect(back.data!.message).toBe('Rolled snap-ct back to before-change and started it.');
    expect(await statusOf(pve, vmid)).toBe('running');
    expect((await readFile('/root/note.txt')).stdout).toBe('before\n');
    expect((await readFile('/root/new.txt')).exitCode).not.toBe(0);

    const audit = await getDb().auditEvent.findMany({ where: { userId: a.user.id, targetId: `${a.nodeId}/${vmid}`, action: { startsWith: 'snapshot.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((r) => [r.action, r.outcome, (r.detail as Record<string, unknown>)['snapname']])).toEqual([
      ['snapshot.create', 'success', 'before-change'],
      ['snapshot.rollback', 'success', 'before-change'],
    ]);
  });

  it('changes a snapshot’s description, and removes it when emptied', async () => {
    const desc = (name: string) => pve.lxcSnapshotConfig('pve1', vmid, name).then((c) => c['description']);
    const edited = await runAction(a.web, 'describeSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'before-change', description: 'known good\nbefore the upgrade' });
    expect(edited.data?.ok, edited.raw.slice(0, 300)).toBe(true);
    expect(edited.data?.message).toMatch(/^Saved the description of snapshot before-change of /);
    expect(await desc('before-change')).toBe('known good\nbefore the upgrade');
    expect((await list()).data!.entries.find((e) => e.name === 'before-change')?.description).toBe('known good\nbefore the upgrade');
    const emptied = await runAction(a.web, 'describeSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'before-change', description: '' });
    expect(emptied.data?.ok).toBe(true);
    expect(await desc('before-change')).toBeUndefined();
    const missing = await runAction(a.web, 'describeSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'no-such', description: 'x' });
    expect(missing.data).toMatchObject({ ok: false, message: "Proxmox VE refused: snapshot 'no-such' does not exist" });
    const tooLong = await a.web.action('describeSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'before-change', description: 'x'.repeat(1025) });
    expect((tooLong.validationErrors as { fieldErrors?: Record<string, string[]> }).fieldErrors?.['description']?.[0]).toBe('At most 1024 characters.');
  });

  it('deletes a snapshot: gone from the tree and from Proxmox VE, the container unchanged', async () => {
    const del = await runAction(a.web, 'deleteSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'before-change' });
    expect(del.data).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect((await list()).data!.entries.map((e) => e.name)).toEqual(['current']);
    expect((await pve.lxcSnapshots('pve1', vmid)).map((s) => s.name)).toEqual(['current']);
    expect((await readFile('/root/note.txt')).stdout).toBe('before\n');
  });

  it('refuses a name Proxmox VE would refuse, at the field, before anything is queued', async () => {
    const before = await getDb().operation.count({ where: { userId: a.user.id } });
    for (const snapname of ['has space', '1st', 'v1.2', 'current', 'x'.repeat(41)]) {
      const r = await a.web.action('createSnapshotAction', { nodeId: a.nodeId, vmid, snapname, description: '' });
      const fields = (r.validationErrors as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
      expect(fields?.['snapname']?.[0], snapname).toBeTruthy();
    }
    expect(await getDb().operation.count({ where: { userId: a.user.id } })).toBe(before);
  });

  it('a token without VM.Snapshot fails with the privilege named and the command that grants it', async () => {
    const nosnap = sim.tokens.find((t) => t.id === NOSNAP)!;
    const other = await owner(webUrl, sim);
    await getDb().node.update({
      where: { id: other.nodeId },
      data: { tokenId: nosnap.id, tokenSecretEnc: secretBox().seal(nosnap.secret, { table: 'Node', id: other.nodeId, field: 'tokenSecret' }) },
    });
    const r = await runAction(other.web, 'createSnapshotAction', { nodeId: other.nodeId, vmid, snapname: 'nope', description: '' });
    expect(r.data?.ok).toBe(false);
    expect(r.data?.message).toContain(`lacks the privilege VM.Snapshot on /vms/${vmid}`);
    expect(r.data?.message).toContain('pveum role modify Kiln --privs VM.Snapshot --append 1');
    expect((await pve.lxcSnapshots('pve1', vmid)).map((s) => s.name)).toEqual(['current']);
  });
});

describe('a container on a dir storage', () => {
  it('says up front that it cannot snapshot, with the storage and PVE’s text; PVE refuses the same', async () => {
    const view = (await list(a.web, dirVmid)).data!;
    expect(view.capability.ok).toBe(false);
    expect(view.capability.reason).toMatch(/root disk is on storage local \(type dir\)/);
    expect(view.capability.pveText).toBe('snapshot feature is not available');
    const forced = await runAction(a.web, 'createSnapshotAction', { nodeId: a.nodeId, vmid: dirVmid, snapname: 'anyway', description: '' });
    expect(forced.data?.ok).toBe(false);
    expect(forced.data?.message).toBe('Proxmox VE refused: snapshot feature is not available');
  });
});

describe('who may see and change snapshots', () => {
  const changes = () =>
    [
      ['createSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'x1', description: '' }],
      ['rollbackSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'x1', start: false }],
      ['deleteSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'x1' }],
      ['describeSnapshotAction', { nodeId: a.nodeId, vmid, snapname: 'x1', description: 'mine now' }],
    ] as const;

  it('a user without a role on the node cannot list, create, roll back, describe or delete (the node does not exist for them)', async () => {
    expect((await list(stranger.web)).serverError?.code).toBe('NOT_FOUND');
    for (const [name, input] of changes()) expect((await stranger.web.action(name, input)).serverError?.code, name).toBe('NOT_FOUND');
  });

  it('a viewer sees the tree but cannot create, roll back, describe or delete', async () => {
    expect((await list(viewer.web)).data?.entries.map((e) => e.name)).toEqual(['current']);
    for (const [name, input] of changes()) {
      const r = await viewer.web.action(name, input);
      expect(r.serverError?.code, name).toBe('FORBIDDEN');
    }
    expect((await pve.lxcSnapshots('pve1', vmid)).map((s) => s.name)).toEqual(['current']);
  });
});

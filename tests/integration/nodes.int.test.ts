import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';
import { simNodeForm, startTestSim, type Simulator } from '../helpers/sim';
import { closedPort } from '../helpers/listener';

const webUrl = inject('webUrl');
let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => {
  await sim?.close();
  await closeDb();
});

interface Check {
  key: string;
  status: string;
  message: string;
}
interface SaveData {
  saved: boolean;
  nodeId?: string;
  report: { checks: Check[]; apiOk: boolean; sshOk: boolean; certificate?: { fingerprint: string; changed: boolean; pinned?: string } };
}

async function signedIn() {
  const u = await makeUser();
  const c = new WebClient(webUrl);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return { u, c };
}

const check = (d: SaveData | undefined, key: string) => d?.report.checks.find((c) => c.key === key);

/** Adds the simulator as a node the way the UI does: first contact, then trust the fingerprint. */
async function addNode(c: WebClient, form: Record<string, unknown>) {
  const first = await c.action<SaveData>('saveNodeAction', form);
  expect(first.data?.saved).toBe(false);
  expect(check(first.data, 'tls')?.status).toBe('trust');
  expect(first.data?.report.certificate?.fingerprint).toBe(sim.tlsFingerprint);
  const second = await c.action<SaveData>('saveNodeAction', { ...form, trustFingerprint: first.data!.report.certificate!.fingerprint });
  return second;
}

describe('adding, editing and deleting nodes', () => {
  it('tests every check, pins the certificate and the SSH host key, and makes the first node default', async () => {
    const { u, c } = await signedIn();
    const res = await addNode(c, simNodeForm(sim));
    expect(res.data?.saved).toBe(true);
    const statuses = Object.fromEntries(res.data!.report.checks.map((k) => [k.key, k.status]));
    expect(statuses).toEqual({ dns: 'ok', connect: 'ok', tls: 'ok', token: 'ok', version: 'ok', cluster: 'ok', privileges: 'ok', features: 'warn', 'ssh-login': 'ok', 'ssh-hostkey': 'ok', pct: 'ok' });
    expect(check(res.data, 'cluster')?.message).toMatch(/pve1, pve2, pve3/);
    const row = await getDb().node.findFirstOrThrow({ where: { userId: u.id } });
    // The trust-this-certificate prompt before it was no failed attempt: one audit row, a success.
    const audit = await getDb().auditEvent.findMany({ where: { userId: u.id, action: 'node.create' }, select: { outcome: true } });
    expect(audit).toEqual([{ outcome: 'success' }]);
    expect(row.tlsFingerprint).toBe(sim.tlsFingerprint);
    expect(row.sshHostKeyFingerprint).toBe(sim.nodes[0]!.sshHostKeyFingerprint);
    expect(row.sshState).toBe('ok');
    expect(row.pveNodeName).toBe('pve1');
    expect(row.tokenSecretEnc).not.toContain(sim.tokens[0]!.secret);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: u.id } })).defaultNodeId).toBe(row.id);
  });

  it('never sends a secret back: not in action answers, not in page HTML', async () => {
    const { c } = await signedIn();
    const res = await addNode(c, simNodeForm(sim, { name: 'secretive' }));
    const secrets = [sim.tokens[0]!.secret, sim.rootPassword];
    for (const s of secrets) expect(res.raw).not.toContain(s);
    for (const path of ['/settings/nodes', `/settings/nodes/${res.data!.nodeId}`, '/containers', '/']) {
      const page = await c.page(path);
      expect(page.status).toBe(200);
      for (const s of secrets) expect(page.html).not.toContain(s);
      expect(page.html).not.toContain('PRIVATE KEY');
    }
  });

  it('edits with blank secrets keeping the stored ones', async () => {
    const { u, c } = await signedIn();
    const added = await addNode(c, simNodeForm(sim));
    const id = added.data!.nodeId!;
    const edit = await c.action<SaveData>('saveNodeAction', { ...simNodeForm(sim, { name: 'renamed', tokenSecret: '', sshPassword: '' }), nodeId: id });
    expect(edit.data?.saved).toBe(true);
    expect(edit.data?.report.sshOk).toBe(true);
    expect((await getDb().node.findFirstOrThrow({ where: { userId: u.id } })).name).toBe('renamed');
  });

  it('refuses a duplicate name with an error on the field', async () => {
    const { c } = await signedIn();
    await addNode(c, simNodeForm(sim, { name: 'twin' }));
    const dup = await c.action<SaveData>('saveNodeAction', simNodeForm(sim, { name: 'twin', trustFingerprint: sim.tlsFingerprint }));
    expect(dup.serverError?.fieldErrors?.name).toMatch(/already have a node with this name/);
  });

  it('refuses to delete a node while Kiln is creating a container on it, then deletes it', async () => {
    const { u, c } = await signedIn();
    const added = await addNode(c, simNodeForm(sim));
    const nodeId = added.data!.nodeId!;
    const ct = await getDb().container.create({ data: { userId: u.id, nodeId, vmid: 4242, hostname: 'busy', pveNode: 'pve1', spec: {} } });
    const refused = await c.action('deleteNodeAction', { nodeId });
    expect(refused.serverError?.code).toBe('CONFLICT');
    expect(refused.serverError?.message).toMatch(/still creating 1 container/);
    await getDb().container.update({ where: { id: ct.id }, data: { lifecycle: 'ready' } });
    const ok = await c.action('deleteNodeAction', { nodeId });
    expect(ok.data).toEqual({ ok: true });
    expect(await getDb().node.count({ where: { userId: u.id } })).toBe(0);
  });

  it('changes the default node', async () => {
    const { u, c } = await signedIn();
    const a = await addNode(c, simNodeForm(sim, { name: 'first' }));
    const b = await addNode(c, simNodeForm(sim, { name: 'second' }));
    expect((await getDb().user.findUniqueOrThrow({ where: { id: u.id } })).defaultNodeId).toBe(a.data!.nodeId);
    await c.action('setDefaultNodeAction', { nodeId: b.data!.nodeId });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: u.id } })).defaultNodeId).toBe(b.data!.nodeId);
  });
});

describe('each failure of the connection test has its own message', () => {
  it('DNS', async () => {
    const { c } = await signedIn();
    const r = await c.action<SaveData>('saveNodeAction', simNodeForm(sim, { host: 'no-such-node.invalid' }));
    expect(r.data?.saved).toBe(false);
    expect(check(r.data, 'dns')).toMatchObject({ status: 'fail', message: expect.stringMatching(/could not be resolved/) });
  });

  it('connection refused', async () => {
    const { c } = await signedIn();
    const port = await closedPort();
    const r = await c.action<SaveData>('saveNodeAction', simNodeForm(sim, { apiPort: port }));
    expect(check(r.data, 'connect')).toMatchObject({ status: 'fail', message: expect.stringMatching(/refused/) });
  });

  it('timeout', async () => {
    const { c } = await signedIn();
    const silent = net.createServer(() => undefined); // accepts, never speaks TLS
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const r = await c.action<SaveData>('saveNodeAction', simNodeForm(sim, { apiPort: (silent.address() as net.AddressInfo).port }));
      expect(check(r.data, 'connect')).toMatchObject({ status: 'fail', message: expect.stringMatching(/timed out/) });
    } finally {
      silent.close();
    }
  });

  it('wrong token secret: 401', async () => {
    const { c } = await signedIn();
    const r = await c.action<SaveData>('saveNodeAction', simNodeForm(sim, { tokenSecret: '00000000-0000-0000-0000-000000000000', trustFingerprint: sim.tlsFingerprint }));
    expect(r.data?.saved).toBe(false);
    expect(check(r.data, 'token')).toMatchObject({ status: 'fail', message: expect.stringMatching(/rejected \(401\)/) });
  });

  it('missing privileges: 403 names each privilege', async () => {
    const { c } = await signedIn();
    const weak = sim.tokens[1]!;
    const r = await c.action<SaveData>('saveNodeAction', simNodeForm(sim, { tokenId: weak.id, tokenSecret: weak.secret, trustFingerprint: sim.tlsFingerprint }));
    expect(r.data?.saved).toBe(false);
    const p = check(r.data, 'privileges');
    expect(p?.status).toBe('fail');
    expect(p?.message).toMatch(/VM\.Allocate on \/vms/);
    expect(p?.message).toMatch(/VM\.PowerMgmt/);
    expect(p?.message).not.toMatch(/VM\.Audit on/);
  });

  it('SSH authentication: saved with a warning, creation disabled', async () => {
    const { u, c } = await signedIn();
    const r = await addNode(c, simNodeForm(sim, { sshPassword: 'not-the-root-password' }));
    expect(r.data?.saved).toBe(true);
    expect(r.data?.report.sshOk).toBe(false);
    expect(check(r.data, 'ssh-login')).toMatchObject({ status: 'warn', message: expect.stringMatching(/password|authentication/i) });
    expect((await getDb().node.findFirstOrThrow({ where: { userId: u.id } })).sshState).toBe('failed');
  });

  it('a changed TLS certificate is refused and both fingerprints are shown', async () => {
    const { u, c } = await signedIn();
    const added = await addNode(c, simNodeForm(sim));
    const fake = 'AA:'.repeat(31) + 'AA';
    await getDb().node.update({ where: { id: added.data!.nodeId! }, data: { tlsFingerprint: fake } });
    const r = await c.action<SaveData>('retestNodeAction', { nodeId: added.data!.nodeId });
    expect(r.data?.saved).toBe(false);
    expect(check(r.data, 'tls')?.status).toBe('fail');
    expect(check(r.data, 'tls')?.message).toContain(fake);
    expect(check(r.data, 'tls')?.message).toContain(sim.tlsFingerprint);
    expect(r.data?.report.certificate).toMatchObject({ changed: true, pinned: fake, fingerprint: sim.tlsFingerprint });
    // The pin is not silently replaced.
    expect((await getDb().node.findFirstOrThrow({ where: { userId: u.id } })).tlsFingerprint).toBe(fake);
  });

  it('a changed SSH host key is refused', async () => {
    const { c } = await signedIn();
    const added = await addNode(c, simNodeForm(sim));
    await getDb().node.update({ where: { id: added.data!.nodeId! }, data: { sshHostKeyFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    const r = await c.action<SaveData>('retestNodeAction', { nodeId: added.data!.nodeId });
    expect(r.data?.report.sshOk).toBe(false);
    expect(check(r.data, 'ssh-hostkey')).toMatchObject({ status: 'warn', message: expect.stringMatching(/host key/i) });
  });
});

describe("user B cannot touch user A's node", () => {
  it('cannot see, test, edit or delete it by id', async () => {
    const a = await signedIn();
    const b = await signedIn();
    const added = await addNode(a.c, simNodeForm(sim, { name: 'a-private-node' }));
    const nodeId = added.data!.nodeId!;
    expect((await b.c.page('/settings/nodes')).html).not.toContain('a-private-node');
    const page = await b.c.page(`/settings/nodes/${nodeId}`);
    expect(page.html).not.toContain('a-private-node');
    expect(page.html).toContain('Page not found');
    expect((await b.c.action('retestNodeAction', { nodeId })).serverError?.code).toBe('NOT_FOUND');
    expect((await b.c.action('saveNodeAction', { ...simNodeForm(sim, { name: 'hijacked' }), nodeId })).serverError?.code).toBe('NOT_FOUND');
    expect((await b.c.action('setDefaultNodeAction', { nodeId })).serverError?.code).toBe('NOT_FOUND');
    expect((await b.c.action('deleteNodeAction', { nodeId })).serverError?.code).toBe('NOT_FOUND');
    expect((await getDb().node.findUniqueOrThrow({ where: { id: nodeId } })).name).toBe('a-private-node');
  });
});

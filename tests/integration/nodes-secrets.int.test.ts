import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { startRecordingListener, type RecordingListener } from '../helpers/listener';
import { simNodeForm, startTestSim, type Simulator } from '../helpers/sim';
import { signedIn } from '../helpers/users';

/**
 * Stored secrets go only where they were saved: an edit that moves the API or SSH endpoint
 * must have the secret typed again, and nothing is sent to the new endpoint until it is.
 */
const webUrl = inject('webUrl');
let home: Simulator;
let elsewhere: Simulator;
let listener: RecordingListener;

beforeAll(async () => {
  [home, elsewhere, listener] = await Promise.all([startTestSim({ seed: 0 }), startTestSim({ seed: 0 }), startRecordingListener()]);
});
afterAll(async () => {
  await Promise.all([home?.close(), elsewhere?.close(), listener?.close()]);
  await closeDb();
});

interface SaveData {
  saved: boolean;
  nodeId?: string;
  report: { apiOk: boolean; sshOk: boolean };
}

async function savedNode() {
  const { u, c } = await signedIn(webUrl);
  const res = await c.action<SaveData>('saveNodeAction', simNodeForm(home, { trustFingerprint: home.tlsFingerprint }));
  expect(res.data?.saved).toBe(true);
  return { u, c, nodeId: res.data!.nodeId! };
}

describe('editing where a node points', () => {
  it('a new API port with a blank token secret is refused on the field, and the new endpoint gets no request', async () => {
    const { c, nodeId } = await savedNode();
    elsewhere.requestLog.reset();
    const edit = { ...simNodeForm(home, { apiPort: elsewhere.apiPort, trustFingerprint: elsewhere.tlsFingerprint, tokenSecret: '', sshPassword: '' }), nodeId };
    const res = await c.action<SaveData>('saveNodeAction', edit);
    expect(res.data).toBeUndefined();
    expect(res.serverError?.code).toBe('VALIDATION');
    expect(res.serverError?.fieldErrors?.tokenSecret).toMatch(/Enter the API token secret again/);
    expect(elsewhere.requestLog.count()).toBe(0);
    const row = await getDb().node.findUniqueOrThrow({ where: { id: nodeId } });
    expect(row.apiPort).toBe(home.apiPort);
    expect(row.tlsFingerprint).toBe(home.tlsFingerprint);
  });

  it('trusting a different certificate on the same address also needs the token secret again', async () => {
    const { c, nodeId } = await savedNode();
    const res = await c.action<SaveData>('saveNodeAction', { ...simNodeForm(home, { trustFingerprint: 'AB:'.repeat(31) + 'AB', tokenSecret: '', sshPassword: '' }), nodeId });
    expect(res.serverError?.fieldErrors?.tokenSecret).toMatch(/again/);
  });

  it('a new SSH port with a blank password is refused on the field, and nothing connects to it', async () => {
    const { c, nodeId } = await savedNode();
    const before = listener.connections();
    const res = await c.action<SaveData>('saveNodeAction', { ...simNodeForm(home, { sshPort: listener.port, tokenSecret: '', sshPassword: '' }), nodeId });
    expect(res.serverError?.code).toBe('VALIDATION');
    expect(res.serverError?.fieldErrors?.sshPassword).toMatch(/Enter the SSH password again/);
    expect(listener.connections()).toBe(before);
    expect((await getDb().node.findUniqueOrThrow({ where: { id: nodeId } })).sshPort).toBe(home.nodes[0]!.sshPort);
  });

  it('a new SSH host with a blank password is refused too', async () => {
    const { c, nodeId } = await savedNode();
    const res = await c.action<SaveData>('saveNodeAction', { ...simNodeForm(home, { sshHost: 'localhost', tokenSecret: '', sshPassword: '' }), nodeId });
    expect(res.serverError?.fieldErrors?.sshPassword).toMatch(/again/);
  });

  it('with the secrets typed again, the node moves and pins the new endpoint', async () => {
    const { c, nodeId } = await savedNode();
    const res = await c.action<SaveData>('saveNodeAction', {
      ...simNodeForm(elsewhere, { trustFingerprint: elsewhere.tlsFingerprint }),
      nodeId,
    });
    expect(res.data?.saved).toBe(true);
    expect(res.data?.report.sshOk).toBe(true);
    const row = await getDb().node.findUniqueOrThrow({ where: { id: nodeId } });
    expect(row.apiPort).toBe(elsewhere.apiPort);
    expect(row.tlsFingerprint).toBe(elsewhere.tlsFingerprint);
    expect(row.sshHostKeyFingerprint).toBe(elsewhere.nodes[0]!.sshHostKeyFingerprint);
  });

  it('retest sends the stored secrets only to the stored endpoint', async () => {
    const { c, nodeId } = await savedNode();
    home.requestLog.reset();
    elsewhere.requestLog.reset();
    const res = await c.action<SaveData>('retestNodeAction', { nodeId });
    expect(res.data?.saved).toBe(true);
    expect(home.requestLog.count({ path: '/version' })).toBe(1);
    expect(elsewhere.requestLog.count()).toBe(0);
  });
});

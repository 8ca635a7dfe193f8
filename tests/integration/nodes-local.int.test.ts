import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/lib/stack';
import { startDemoSimulator, type RunningSim } from '../../scripts/lib/sim';
import { closeDb, getDb } from '@kiln/db';
import { closedPort, startRecordingListener, type RecordingListener } from '../helpers/listener';
import { simNodeForm, startTestSim, type Simulator } from '../helpers/sim';
import { signedIn } from '../helpers/users';
import { startTestStack } from '../setup/stack';

/**
 * A stack as deployed by default: loopback nodes not allowed for non-admins, and a demo
 * simulator whose secrets the server fills in. The main test stack allows loopback because
 * every other test talks to a simulator on 127.0.0.1.
 */
let stack: Stack;
let demo: RunningSim;
let other: Simulator;
let listener: RecordingListener;
let demoDir: string;

beforeAll(async () => {
  demoDir = mkdtempSync(path.join(tmpdir(), 'kiln-demo-'));
  [demo, other, listener] = await Promise.all([startDemoSimulator(demoDir, { apiPort: 0, sshPort: 0, quiet: true }), startTestSim({ seed: 0 }), startRecordingListener()]);
  stack = await startTestStack({ KILN_ALLOW_LOOPBACK_NODES: '0', KILN_DEMO_NODE: demo.infoFile, CONSOLE_PORT: '0' });
});
afterAll(async () => {
  await stack?.stop();
  await Promise.all([demo?.close(), other?.close(), listener?.close()]);
  rmSync(demoDir, { recursive: true, force: true });
  await closeDb();
});

interface SaveData {
  saved: boolean;
  nodeId?: string;
  report: { checks: { key: string; status: string }[] };
}

function demoForm(overrides: Record<string, unknown> = {}) {
  const d = demo.info;
  return {
    name: 'demo',
    host: d.host,
    apiPort: d.apiPort,
    tokenId: d.tokenId,
    tlsMode: 'pinned',
    sshHost: d.sshHost,
    sshPort: d.sshPort,
    sshUser: d.sshUser,
    sshAuth: 'password',
    useDemoSecrets: true,
    ...overrides,
  };
}

describe('the connection test is no port scanner of the Kiln host', () => {
  it('refuses loopback, link-local and unspecified targets for a non-admin, before connecting', async () => {
    const { c } = await signedIn(stack.url);
    const before = listener.connections();
    const hosts = ['127.0.0.1', 'localhost', '127.1.2.3', '::1', '[::1]', '0.0.0.0', '169.254.169.254', 'fe80::1'];
    for (const host of hosts) {
      const res = await c.action<SaveData>('saveNodeAction', simNodeForm(other, { host, sshHost: '', apiPort: listener.port, sshPort: listener.port }));
      expect(res.data, host).toBeUndefined();
      expect(res.serverError?.code, host).toBe('VALIDATION');
      expect(res.serverError?.fieldErrors?.host, host).toMatch(/loopback, link-local or unspecified/);
    }
    expect(listener.connections()).toBe(before);
  });

  it('gives the same answer for an open and a closed port', async () => {
    const { c } = await signedIn(stack.url);
    const open = await c.action('saveNodeAction', simNodeForm(other, { apiPort: other.apiPort }));
    const closed = await c.action('saveNodeAction', simNodeForm(other, { apiPort: await closedPort() }));
    expect(open.serverError).toEqual(closed.serverError);
    expect(open.serverError?.code).toBe('VALIDATION');
  });

  it('refuses a loopback SSH host behind an allowed API host', async () => {
    const { c } = await signedIn(stack.url);
    const res = await c.action('saveNodeAction', simNodeForm(other, { host: 'no-such-node.invalid', sshHost: '127.0.0.1', sshPort: listener.port }));
    expect(res.serverError?.fieldErrors?.sshHost).toMatch(/loopback/);
    expect(res.serverError?.fieldErrors?.host).toBeUndefined();
  });

  it('lets an admin register a node on the Kiln host', async () => {
    const { u, c } = await signedIn(stack.url, 'admin');
    const res = await c.action<SaveData>('saveNodeAction', simNodeForm(other, { trustFingerprint: other.tlsFingerprint }));
    expect(res.data?.saved).toBe(true);
    expect(await getDb().node.count({ where: { userId: u.id } })).toBe(1);
  });
});

describe('the demo node', () => {
  it('a non-admin adds it with the secrets from the server (loopback is fine for the demo)', async () => {
    const { u, c } = await signedIn(stack.url);
    const res = await c.action<SaveData>('saveNodeAction', demoForm({ trustFingerprint: demo.info.tlsFingerprint }));
    expect(res.data?.saved).toBe(true);
    expect(res.data?.report.checks.find((k) => k.key === 'ssh-login')?.status).toBe('ok');
    // granted like Kiln's least-privilege setup, optional features included (OCI pull too)
    expect(res.data?.report.checks.find((k) => k.key === 'features')?.status).toBe('ok');
    expect(await getDb().node.count({ where: { userId: u.id } })).toBe(1);
  });

  it('its secrets are never sent to another API address', async () => {
    const { c } = await signedIn(stack.url, 'admin');
    other.requestLog.reset();
    const res = await c.action<SaveData>('saveNodeAction', demoForm({ apiPort: other.apiPort, trustFingerprint: other.tlsFingerprint }));
    expect(res.data).toBeUndefined();
    expect(res.serverError?.fieldErrors?.host).toMatch(/demo secrets only work with the demo simulator/);
    expect(other.requestLog.count()).toBe(0);
  });

  it('its root password is never sent to another SSH address', async () => {
    const { c } = await signedIn(stack.url, 'admin');
    const before = listener.connections();
    const res = await c.action<SaveData>('saveNodeAction', demoForm({ sshPort: listener.port, trustFingerprint: demo.info.tlsFingerprint }));
    expect(res.serverError?.fieldErrors?.sshHost).toMatch(/demo simulator's SSH/);
    expect(listener.connections()).toBe(before);
  });

  it('the page says that all users share the demo cluster', async () => {
    const { c } = await signedIn(stack.url);
    expect((await c.page('/settings/nodes')).html).toMatch(/all Kiln users share it/);
    expect((await c.page('/settings/nodes/new?demo=1')).html).toMatch(/demo cluster is shared/);
  });
});
